-- The outbox is a queue: every event is inserted once and updated once (published_at), so its dead
-- row versions grow as fast as events are written. The default autovacuum trigger (20% of the table
-- dead) lets a table of millions of events carry hundreds of thousands of them, and the relay's
-- index of unpublished events with them. Vacuum it after every 5,000 dead versions instead.
alter table outbox_event set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000);
