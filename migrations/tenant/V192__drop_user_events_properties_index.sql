-- Issue 17, POST /events with 100 events (functions/reports README, "Benchmark"): the GIN index on
-- user_events.event_properties (V019) is read by no query (the nightly roll-up reads the type, label, user and time;
-- reports and archival never search the properties), yet every stored event adds its keys and values to it, and
-- once its pending list fills, the insert that flushes it pays for every event since. The same 100-event insert
-- as the owner: 3.9 ms with it (partitioned, five indexes), 1.8 ms into a plain copy without it (three b-tree
-- indexes). A search by property, when one is wanted, should come with an index made for that search.
DROP INDEX ${tenant_schema}.idx_user_events_properties;
