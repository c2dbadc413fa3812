"""`docenv diff OLD NEW`: what changed between two revisions of a doc, and what of it breaks deployments.

`sources` reads each side (a file, or `REV:path` through git); `compare` matches sections and
variables and classifies every change; `formats` prints the report as text, Markdown or JSON;
`command` ties them together and chooses the exit code.
"""
