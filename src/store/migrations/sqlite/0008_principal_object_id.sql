-- A principal's external object id: the Microsoft Entra object id (a GUID) by which Microsoft
-- Graph and Azure Resource Manager documents name it. Optional, unique, stored lower-case.
ALTER TABLE principal ADD COLUMN object_id TEXT;
CREATE UNIQUE INDEX principal_by_object_id ON principal (object_id) WHERE object_id IS NOT NULL;
