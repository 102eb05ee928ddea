"""Engine stage: distributed reads and merges on Dask and Spark, planned and run by piece."""
