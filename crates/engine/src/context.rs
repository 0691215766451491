//! The context a draft is checked in: the account it goes out from, the person's roles and
//! professions, the time of posting and the platform. Time is an input: the engine has no clock.

use chrono::{DateTime, FixedOffset, NaiveTime, Timelike};
use ft_pack::{AccountKind, Pack, Platform, When};

/// The context as a front end gives it, with roles and professions by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    /// The kind of account.
    pub account: AccountKind,
    /// Roles held, by id.
    pub roles: Vec<String>,
    /// Professions, by id.
    pub professions: Vec<String>,
    /// When the post is (or was) made, with the poster's UTC offset.
    pub at: DateTime<FixedOffset>,
    /// The platform, if known.
    pub platform: Option<Platform>,
}

impl Context {
    /// A personal account, no role or profession, at `at`, platform unknown.
    pub fn personal_at(at: DateTime<FixedOffset>) -> Self {
        Self {
            account: AccountKind::Personal,
            roles: Vec::new(),
            professions: Vec::new(),
            at,
            platform: None,
        }
    }
}

/// A context that does not fit the pack.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ContextError {
    /// A role the pack does not declare.
    #[error("unknown role `{name}`; this pack's roles are: {known}")]
    UnknownRole {
        /// The name given.
        name: String,
        /// The pack's roles, comma-separated (or "none").
        known: String,
    },
    /// A profession the pack does not declare.
    #[error("unknown profession `{name}`; this pack's professions are: {known}")]
    UnknownProfession {
        /// The name given.
        name: String,
        /// The pack's professions, comma-separated (or "none").
        known: String,
    },
}

/// A context checked against a pack: roles expanded through `includes`, active periods found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedContext {
    pub(crate) account: AccountKind,
    /// Indexed by role: whether the person holds it or a role that includes it.
    pub(crate) roles: Vec<bool>,
    pub(crate) professions: Vec<bool>,
    /// Indexed by period: whether `at` falls in it.
    pub(crate) periods: Vec<bool>,
    pub(crate) at: DateTime<FixedOffset>,
    pub(crate) platform: Option<Platform>,
}

fn known(names: impl Iterator<Item = String>) -> String {
    let list: Vec<String> = names.collect();
    if list.is_empty() {
        "none".to_string()
    } else {
        list.join(", ")
    }
}

impl ResolvedContext {
    /// Resolve `context` against `pack`.
    pub fn new(pack: &Pack, context: &Context) -> Result<Self, ContextError> {
        let mut roles = vec![false; pack.roles.len()];
        for name in &context.roles {
            let Some(r) = pack.role_index(name) else {
                return Err(ContextError::UnknownRole {
                    name: name.clone(),
                    known: known(pack.roles.iter().map(|r| r.id.clone())),
                });
            };
            for &implied in &pack.roles[r].implied {
                roles[implied] = true;
            }
        }
        let mut professions = vec![false; pack.professions.len()];
        for name in &context.professions {
            let Some(p) = pack.profession_index(name) else {
                return Err(ContextError::UnknownProfession {
                    name: name.clone(),
                    known: known(pack.professions.iter().map(|p| p.id.clone())),
                });
            };
            professions[p] = true;
        }
        let mut resolved = Self {
            account: context.account,
            roles,
            professions,
            periods: Vec::new(),
            at: context.at,
            platform: context.platform,
        };
        resolved.set_time(pack, context.at);
        Ok(resolved)
    }

    /// Move the context to another time (an archive's posts each have their own date).
    pub fn set_time(&mut self, pack: &Pack, at: DateTime<FixedOffset>) {
        self.at = at;
        self.periods.clear();
        self.periods
            .extend(pack.periods.iter().map(|p| p.contains(at)));
    }

    /// The time of posting.
    pub fn at(&self) -> DateTime<FixedOffset> {
        self.at
    }

    /// The platform.
    pub fn platform(&self) -> Option<Platform> {
        self.platform
    }

    /// The account kind.
    pub fn account(&self) -> AccountKind {
        self.account
    }

    /// Whether the period with this index is active.
    pub fn in_period(&self, period: usize) -> bool {
        self.periods.get(period).copied().unwrap_or(false)
    }

    /// The local clock time of posting.
    pub(crate) fn local_time(&self) -> NaiveTime {
        let t = self.at.naive_local().time();
        NaiveTime::from_hms_opt(t.hour(), t.minute(), 0).unwrap_or(t)
    }

    /// Whether every condition of `when` holds.
    pub(crate) fn satisfies(&self, when: &When) -> bool {
        let any = |set: &[bool], wanted: &Option<Vec<usize>>| {
            wanted
                .as_ref()
                .is_none_or(|w| w.iter().any(|&i| set.get(i).copied().unwrap_or(false)))
        };
        when.accounts
            .as_ref()
            .is_none_or(|a| a.contains(&self.account))
            && when
                .platforms
                .as_ref()
                .is_none_or(|p| self.platform.is_some_and(|mine| p.contains(&mine)))
            && any(&self.roles, &when.roles)
            && any(&self.professions, &when.professions)
            && any(&self.periods, &when.periods)
    }
}
