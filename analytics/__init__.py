"""Pure analytics over the store: DuckDB SQL in, small pandas frames and Plotly figures out."""
