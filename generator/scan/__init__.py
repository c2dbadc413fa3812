"""`docenv scan`: the environment variables code and deployment files name, against the doc.

Readers (one module per kind of file) find names in text; `files` chooses what to read;
`scanner` runs the readers; `report` compares what they found with the documented variables;
`formats` prints the report.
"""
