-- uncaught error with a number value: numbers are converted like strings
error(42)
