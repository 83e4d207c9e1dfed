"""The pieces of scripts/curate_corpus.py: the dataset writer and one module per family of corpus data."""
