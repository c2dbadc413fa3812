"""`docenv helm adopt`: read an existing chart's templates and map each documented variable to the values
path the chart already uses."""
