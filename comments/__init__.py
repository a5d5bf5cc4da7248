"""Comments: what people write about an entity."""
