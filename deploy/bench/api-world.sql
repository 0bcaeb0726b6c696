-- The world of `./murmur bench api` (deploy/bench/api.sh), built with set-based SQL on an empty,
-- migrated database. Variables (psql -v): accounts, posts, likes, pwhash (an Argon2id PHC string).
--
-- Shape (docs/benchmarks.md, "API"):
--   accounts 1..3        celebrities: every other account follows them (accounts - 1 followers)
--   accounts 11..20      bench viewers with 50 follows, 21..30 with 500, 31..40 with 5,000
--   everyone else        50 to 500 follows (most near 50: 50 + 450 * r^6), followees drawn with a
--                        power law (id ~ accounts * r^3), so low ids gather many followers
--   posts                authors drawn with a power law (id ~ accounts * r^2); 85% posts, 8% replies,
--                        4% reposts, 3% quotes; 30% carry a hashtag from 1,000 tags (skewed)
--   likes                readers power-law, posts uniform; counts updated set-based
-- Every account gets a bearer token 'bench' || id padded to 43 characters (tokens are 43 characters
-- of base64url; the database keeps their SHA-256), so the load driver can act as anyone.
\set ON_ERROR_STOP on
\timing off

set synchronous_commit = off;
set maintenance_work_mem = '512MB';

\echo world: accounts
insert into account (id, handle, display_name, bio, password_hash, created_at)
overriding system value
select g, 'user' || g, 'Bench user ' || g, '', :'pwhash', now() - interval '400 days'
from generate_series(1, :accounts) g;
select setval(pg_get_serial_sequence('account', 'id'), :accounts);
insert into account_role (account_id, role) select g, 'USER' from generate_series(1, :accounts) g;
insert into access_token (token_hash, account_id, expires_at, authenticated_at)
select encode(sha256(convert_to(rpad('bench' || g, 43, '_'), 'UTF8')), 'hex'), g, now() + interval '2 days', now()
from generate_series(1, :accounts) g;

\echo world: follows
-- Indexes are rebuilt once at the end rather than row by row.
alter table follow drop constraint follow_pkey;
drop index follow_followee;
create unlogged table bench_follow (follower_id bigint not null, followee_id bigint not null);
insert into bench_follow
select a, least(:accounts, 4 + floor((:accounts - 4) * power(random(), 3)))::bigint
from generate_series(41, :accounts) a,
     lateral generate_series(1, 50 + floor(450 * power(random(), 6))::int + 0 * a) s;
-- the viewers: exactly 50, 500 or 5,000 distinct followees each
insert into bench_follow
select v, f.id
from generate_series(11, 40) v,
     lateral (select id from account where id > 3 and id <> v
              order by random() limit case when v <= 20 then 50 when v <= 30 then 500 else 5000 end) f;
-- the celebrities
insert into bench_follow select a, c from generate_series(4, :accounts) a, generate_series(1, 3) c where a not between 11 and 40;
insert into follow (follower_id, followee_id, created_at)
select distinct follower_id, followee_id, now() - interval '300 days'
from bench_follow where follower_id <> followee_id;
drop table bench_follow;
alter table follow add primary key (follower_id, followee_id);
create index follow_followee on follow (followee_id);

\echo world: posts
create unlogged table bench_post as
select g as id,
       least(:accounts, 1 + floor(:accounts * power(random(), 2)))::bigint as author_id,
       now() - interval '30 days' + (interval '30 days' * g / :posts) as created_at,
       random() as k,
       case when random() < 0.3 then 't' || floor(1000 * power(random(), 2))::int end as tag,
       greatest(1, floor(random() * (g - 1)))::bigint as target
from generate_series(1, :posts) g;
-- A reply, repost or quote targets a post with text, as the app makes them (it points a repost or a
-- quote of a repost at the original): the nearest earlier post that is not a repost itself.
alter table bench_post add primary key (id);
update bench_post b set target = (select max(p.id) from bench_post p
                                  where p.id <= b.target and not (p.id > 1 and p.k >= 0.93 and p.k < 0.97));
insert into post (id, author_id, kind, text, reply_parent_id, reply_root_id, quote_of_id, repost_of_id, created_at)
overriding system value
select id, author_id,
       case when id = 1 or k < 0.85 then 'POST' when k < 0.93 then 'REPLY' when k < 0.97 then 'REPOST' else 'QUOTE' end,
       case when id > 1 and k >= 0.93 and k < 0.97 then ''
            else 'Bench post ' || id || ' about the world' || coalesce(' #' || tag, '') end,
       case when id > 1 and k >= 0.85 and k < 0.93 then target end,
       case when id > 1 and k >= 0.85 and k < 0.93 then target end,
       case when id > 1 and k >= 0.97 then target end,
       case when id > 1 and k >= 0.93 and k < 0.97 then target end,
       created_at
from bench_post
on conflict do nothing;
-- A repost that repeats an earlier one (the same author and original) is refused by post_one_repost,
-- as the app refuses it. Its id becomes a plain post, so that every id of 1..:posts exists: the
-- likes below and the benchmark's like requests pick post ids at random.
insert into post (id, author_id, kind, text, created_at)
overriding system value
select b.id, b.author_id, 'POST', 'Bench post ' || b.id || ' about the world' || coalesce(' #' || b.tag, ''), b.created_at
from bench_post b
where not exists (select 1 from post p where p.id = b.id);
select setval(pg_get_serial_sequence('post', 'id'), :posts);
-- Facets are UTF-8 byte offsets; the text is ASCII, so characters are bytes.
insert into post_facet (post_id, kind, byte_start, byte_end, value)
select b.id, 'HASHTAG', length('Bench post ' || b.id || ' about the world '),
       length('Bench post ' || b.id || ' about the world #' || b.tag), b.tag
from bench_post b join post p on p.id = b.id
where b.tag is not null and p.kind <> 'REPOST';
-- The hashtag pages' index (V83, decision 1173), as PostService.indexTags writes it.
insert into post_tag (tag, post_id, created_at)
select f.value, f.post_id, p.created_at from post_facet f join post p on p.id = f.post_id
where f.kind = 'HASHTAG'
on conflict do nothing;
drop table bench_post;

\echo world: likes
insert into post_like (account_id, post_id, created_at)
select least(:accounts, 1 + floor(:accounts * power(random(), 2)))::bigint,
       1 + floor(random() * :posts)::bigint, now() - interval '1 day'
from generate_series(1, :likes)
on conflict do nothing;

\echo world: counts
insert into post_counter (post_id, like_count, repost_count, reply_count, quote_count)
select id, sum(likes), sum(reposts), sum(replies), sum(quotes) from (
  select post_id id, count(*) likes, 0 reposts, 0 replies, 0 quotes from post_like group by post_id
  union all
  select repost_of_id, 0, count(*), 0, 0 from post where kind = 'REPOST' group by repost_of_id
  union all
  select reply_parent_id, 0, 0, count(*), 0 from post where kind = 'REPLY' group by reply_parent_id
  union all
  select quote_of_id, 0, 0, 0, count(*) from post where kind = 'QUOTE' group by quote_of_id
) c group by id;

\echo world: analyze
vacuum analyze;
