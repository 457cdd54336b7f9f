"""Text in: reading files, sentence segmentation with offsets, language and boilerplate lines."""
