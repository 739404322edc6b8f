-- Roles and scopes are known when a key is issued; a rotation, a revocation or a change of expiry records the key
-- without them (NULL: not recorded for this action). V1 made them NOT NULL, so those rows were refused.
ALTER TABLE key_audit ALTER COLUMN roles DROP NOT NULL;
ALTER TABLE key_audit ALTER COLUMN scopes DROP NOT NULL;
