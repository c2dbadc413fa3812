"""The pipeline: settings -> read -> lint -> every target, all in memory (render), then written (write)
or compared with the output folder (check), with the manifest that lets check skip rendering.
"""
