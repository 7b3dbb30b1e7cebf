-- Issue 12, "a next step on every failure": a card the rail declined as expired is marked so
-- until its owner updates it (a new expiry date and security code through the rail's vault), so
-- the cards page says "expired: update it" and a top-up does not try it again. The expiry date
-- alone cannot tell: the issuer may have replaced a card whose printed date is still ahead.
alter table payments.cards add column declined_expired_at timestamptz;
-- When the card was last updated through the vault (null: never).
alter table payments.cards add column updated_at timestamptz;
