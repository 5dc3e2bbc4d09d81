"""Building the catalog: plan the documents, skip what is unchanged, render on workers, publish."""
