-- Support forced a password reset (issue 11): until the owner sets a new password from the
-- e-mailed link, the current one no longer signs in. Cleared by every new password.
alter table identity.users add column password_reset_required_at timestamptz;
