"""`docenv fix`: what scan finds undocumented becomes reviewed rows of the doc's own tables."""
