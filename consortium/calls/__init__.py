"""Reading topics: formats, repair, segmentation, requirement kinds, conditions, topic ids."""
