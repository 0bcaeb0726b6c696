-- A post's engagement counters live in a table of their own (issue 15, decision 1170).
--
-- In `post`, every like rewrote the whole post row: PostgreSQL recomputed the stored `search_vector`
-- from the text, and since the update could rarely stay on its page (HOT), it added entries to all six
-- of post's indexes, the full-text GIN index among them. `post_counter` is narrow, has one index and
-- leaves room on its pages (fillfactor 70), so a counter's update is a heap-only tuple.
--
-- A post has a row here from its first engagement on; no row means every counter is 0.
create table post_counter (
    post_id      bigint primary key references post (id),
    like_count   integer not null default 0 check (like_count >= 0),
    repost_count integer not null default 0 check (repost_count >= 0),
    reply_count  integer not null default 0 check (reply_count >= 0),
    quote_count  integer not null default 0 check (quote_count >= 0)
) with (fillfactor = 70);

insert into post_counter (post_id, like_count, repost_count, reply_count, quote_count)
select id, like_count, repost_count, reply_count, quote_count from post
where like_count > 0 or repost_count > 0 or reply_count > 0 or quote_count > 0;

alter table post
    drop column like_count,
    drop column repost_count,
    drop column reply_count,
    drop column quote_count;
