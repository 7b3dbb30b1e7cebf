-- Changing the e-mail address: the link goes to the new address and carries it here.
alter table identity.email_tokens add column new_email text check (length(new_email) <= 254);
alter table identity.email_tokens drop constraint email_tokens_purpose_check;
alter table identity.email_tokens add constraint email_tokens_purpose_check
  check (purpose in ('verify_email', 'reset_password', 'change_email'));
