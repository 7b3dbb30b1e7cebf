-- Each user's time zone (an IANA id such as Asia/Shanghai): pages, e-mails and the CSV export
-- write times in it; the API keeps answering in UTC. Set at registration (the browser's zone, or
-- the capital's zone of the user's country) and editable on the account page. Null for users
-- from before: they read times in their country's zone until they pick one.
alter table identity.users add column time_zone text
  check (time_zone is null or length(time_zone) between 1 and 64);
