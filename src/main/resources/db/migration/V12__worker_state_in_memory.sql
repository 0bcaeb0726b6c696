-- The payout worker keeps the reward policy's state in memory for the partitions it applies
-- (docs/decisions/0106-worker-state-in-memory.md), loaded per creator from the credit lines.
--
-- One row per partition of the engagements topic: every applying transaction bumps its partitions'
-- versions (which also makes appliers of one partition wait for each other, across processes). A
-- process that finds another version than the one it committed last knows another process applied
-- the partition meanwhile, and loads that partition's state again.
create table payout_partition (
    topic     varchar(249) not null,
    partition int          not null,
    version   bigint       not null,
    primary key (topic, partition)
);

-- The worker no longer looks credit lines up by engagement or by reader and day (V8); it loads a
-- creator's lines by creator_id (journal_credit_line_creator). Each of these indexes cost about a
-- fifth of the COPY of a batch's lines.
drop index journal_credit_line_engagement;
drop index journal_credit_line_day;
