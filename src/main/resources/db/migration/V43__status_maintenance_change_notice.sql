-- Every instance keeps the maintenance windows not yet ended in memory (status.internal.
-- MaintenanceWindows) instead of reading them on every API request and payment. Any change to
-- the table, by the application or by hand, tells every instance at commit (NOTIFY is
-- transactional): they drop what they hold and read the table again. Not accounting logic:
-- the trigger only says "changed".
create function status.maintenance_windows_changed() returns trigger
  language plpgsql as $$
begin
  perform pg_notify('okpay_status_maintenance', '');
  return null;
end;
$$;

create trigger maintenance_windows_changed
  after insert or update or delete or truncate on status.maintenance_windows
  for each statement execute function status.maintenance_windows_changed();
