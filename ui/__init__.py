"""Streamlit building blocks shared by the pages: page setup and one component per module."""
