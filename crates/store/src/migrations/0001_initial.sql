-- One row per imported account.
CREATE TABLE sources (
    id                INTEGER PRIMARY KEY,
    platform          TEXT NOT NULL CHECK (platform <> ''),
    handle            TEXT NOT NULL CHECK (handle <> ''),
    first_imported_at TEXT NOT NULL,            -- RFC 3339, UTC
    last_audit_at     TEXT,                     -- when an audit last finished
    UNIQUE (platform, handle)
);

-- One row per audit of a source with a pack. A run records posts in batches and is resumable
-- while 'running'; beginning a new run of the same source abandons an unfinished one.
CREATE TABLE audit_runs (
    id                  INTEGER PRIMARY KEY,
    source_id           INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    pack_id             TEXT NOT NULL,
    pack_version        TEXT NOT NULL,
    context             TEXT NOT NULL,          -- the context the posts were checked in
    state               TEXT NOT NULL DEFAULT 'running'
                        CHECK (state IN ('running', 'finished', 'abandoned')),
    started_at          TEXT NOT NULL,
    finished_at         TEXT,
    posts_checked       INTEGER NOT NULL DEFAULT 0,
    posts_with_findings INTEGER NOT NULL DEFAULT 0,
    findings            INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX audit_runs_by_source ON audit_runs (source_id, state);

-- One row per post, upserted by (source, platform post id): a re-import updates the row in
-- place, so its id (and the findings and decision that point to it) survive.
CREATE TABLE posts (
    id               INTEGER PRIMARY KEY,
    source_id        INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    platform_post_id TEXT NOT NULL CHECK (platform_post_id <> ''),
    kind             TEXT NOT NULL
                     CHECK (kind IN ('post', 'reply', 'repost', 'quote', 'like', 'comment')),
    text             TEXT NOT NULL,
    url              TEXT,
    created_at       TEXT,                      -- RFC 3339 as imported, with its offset; NULL: undated
    created_unix     INTEGER,                   -- the same instant, for "newest first"
    year             INTEGER,                   -- the year in the post's own offset
    likes            INTEGER CHECK (likes >= 0),
    reposts          INTEGER CHECK (reposts >= 0),
    replies          INTEGER CHECK (replies >= 0),
    deleted          INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    checked_run      INTEGER REFERENCES audit_runs (id),  -- the run that last checked it
    UNIQUE (source_id, platform_post_id)
);
CREATE INDEX posts_by_checked_run ON posts (checked_run);

-- The current findings of each post: those of the run that last checked it. Recording a post
-- replaces its findings.
CREATE TABLE findings (
    id            INTEGER PRIMARY KEY,
    post_id       INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    run_id        INTEGER NOT NULL REFERENCES audit_runs (id),
    rule_id       TEXT NOT NULL,
    principle_id  TEXT NOT NULL,
    severity      TEXT NOT NULL CHECK (severity IN ('note', 'advice', 'warning', 'serious')),
    severity_rank INTEGER GENERATED ALWAYS AS (
                      CASE severity WHEN 'note' THEN 1 WHEN 'advice' THEN 2
                                    WHEN 'warning' THEN 3 WHEN 'serious' THEN 4 END
                  ) VIRTUAL,
    confidence    REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    byte_start    INTEGER NOT NULL CHECK (byte_start >= 0),   -- UTF-8 bytes of posts.text
    byte_end      INTEGER NOT NULL CHECK (byte_end >= byte_start),
    matched_text  TEXT NOT NULL,
    message       TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,            -- see `fingerprint`: stable across audits
    UNIQUE (post_id, fingerprint)
);
CREATE INDEX findings_by_run ON findings (run_id);

-- Every fingerprint each run found, kept after later runs replace the findings, so that a run
-- can be compared with the previous finished one ("what is new after a pack update").
CREATE TABLE run_fingerprints (
    run_id      INTEGER NOT NULL REFERENCES audit_runs (id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    PRIMARY KEY (run_id, fingerprint)
) WITHOUT ROWID;

-- The person's decision about a post (per post: a post is what they keep, delete or edit).
-- Keyed by the post row, which re-audits keep, so decisions survive them.
CREATE TABLE decisions (
    post_id    INTEGER PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
    decision   TEXT NOT NULL CHECK (decision IN
                   ('reviewed', 'keep', 'will-delete', 'deleted', 'edited', 'make-private')),
    note       TEXT NOT NULL DEFAULT '',
    decided_at TEXT NOT NULL                -- RFC 3339, UTC
);
CREATE INDEX decisions_by_decision ON decisions (decision);
