CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, n INTEGER);
CREATE INDEX t_n ON t(n);
BEGIN;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000)
INSERT INTO t(name, n) SELECT 'row' || x, (x * 7919) % 1000 FROM c;
COMMIT;
BEGIN;
UPDATE t SET n = n + 1 WHERE id % 3 = 0;
DELETE FROM t WHERE id % 10 = 0;
COMMIT;
BEGIN;
INSERT INTO t(name, n) VALUES ('rolled back', -1);
ROLLBACK;
SELECT count(*), sum(n), min(n), max(n) FROM t;
SELECT name, n FROM t WHERE n BETWEEN 500 AND 502 ORDER BY id LIMIT 5;
PRAGMA integrity_check;
PRAGMA journal_mode;
