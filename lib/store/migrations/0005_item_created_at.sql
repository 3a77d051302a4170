-- When each item was added to its board (ProjectV2Item.createdAt): the guideline rules leave a new
-- item alone for a grace period. NULL until the next sync pass reads the item.

ALTER TABLE items ADD COLUMN created_at TEXT;
