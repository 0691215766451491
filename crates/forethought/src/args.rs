//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use ft_pack::{AccountKind, Platform, Severity};

/// Forethought: a coach, not a cop. Checks a social-media draft against your organisation's
/// guidance, on your own machine, and explains what might read badly and why.
///
/// Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 a usage, pack or
/// input error.
#[derive(Debug, Parser)]
#[command(name = "forethought", version, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check a draft (or a file of drafts) against the guidance.
    Check(CheckArgs),
    /// Show everything the engine saw in a draft: findings, and candidates it dropped and why.
    Explain(ExplainArgs),
    /// Work with guidance packs: run their examples, validate them, print the schema.
    #[command(subcommand)]
    Pack(PackCommand),
    /// List the packs shipped with Forethought.
    Packs,
    /// List the rules of a pack.
    Rules(PackChoice),
    /// Print the documentation of one rule.
    Rule {
        /// The rule's id.
        id: String,
        #[command(flatten)]
        pack: PackChoice,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum PackCommand {
    /// Run every rule example of the packs as a test (default: every shipped pack).
    Test {
        /// Pack names or paths.
        packs: Vec<String>,
    },
    /// Validate a pack and report every problem with its position.
    Check {
        /// Pack name or path.
        pack: String,
    },
    /// Print the JSON schema of the pack format.
    Schema,
    /// Print a pack as a handbook staff can read (Markdown).
    Doc {
        /// Pack name or path.
        pack: String,
    },
}

#[derive(Debug, Clone, Args)]
pub(crate) struct PackChoice {
    /// The guidance pack: a shipped pack's name or a path to a pack file.
    #[arg(long, default_value = ft_packs::DEFAULT_PACK, value_name = "NAME|PATH")]
    pub(crate) pack: String,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct ContextArgs {
    /// The account the post goes out from.
    #[arg(long, value_enum, default_value_t = AccountArg::Personal)]
    pub(crate) account: AccountArg,
    /// A role you hold, as the pack names it (repeatable).
    #[arg(long = "role", value_name = "ROLE")]
    pub(crate) roles: Vec<String>,
    /// A profession you belong to, as the pack names it (repeatable).
    #[arg(long = "profession", value_name = "PROFESSION")]
    pub(crate) professions: Vec<String>,
    /// When the post goes out, as an RFC 3339 time (default: now, in local time).
    #[arg(long, value_name = "TIME")]
    pub(crate) at: Option<String>,
    /// The platform, for its length limit and conventions.
    #[arg(long, value_enum)]
    pub(crate) platform: Option<PlatformArg>,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The draft to check; `-` reads it from standard input.
    #[arg(value_name = "TEXT", conflicts_with = "input")]
    pub(crate) text: Option<String>,
    /// A file of drafts (`-` for standard input): one per line, or JSON Lines objects with
    /// `text` and optional `id` and `context` when the name ends in `.jsonl`.
    #[arg(long, value_name = "FILE")]
    pub(crate) input: Option<PathBuf>,
    /// How to read --input: by its extension (auto), as one draft per line, or as JSON Lines.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto, requires = "input")]
    pub(crate) input_format: InputFormat,
    /// Check a profile instead of a post: give its fields with --name, --handle, --bio,
    /// --location and --website, or as a JSON object in TEXT (`-` reads it from standard input).
    #[arg(long, conflicts_with = "input")]
    pub(crate) profile: bool,
    #[command(flatten)]
    pub(crate) fields: ProfileFields,
    #[command(flatten)]
    pub(crate) context: ContextArgs,
    #[command(flatten)]
    pub(crate) pack: PackChoice,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,
    /// Exit with 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = SeverityArg::Warning)]
    pub(crate) fail_on: SeverityArg,
    /// When to use colour in human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub(crate) color: ColorChoice,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct ProfileFields {
    /// The profile's display name (with --profile).
    #[arg(long, requires = "profile", value_name = "TEXT")]
    pub(crate) name: Option<String>,
    /// The profile's handle (with --profile).
    #[arg(long, requires = "profile", value_name = "TEXT")]
    pub(crate) handle: Option<String>,
    /// The profile's bio (with --profile).
    #[arg(long, requires = "profile", value_name = "TEXT")]
    pub(crate) bio: Option<String>,
    /// The profile's location (with --profile).
    #[arg(long, requires = "profile", value_name = "TEXT")]
    pub(crate) location: Option<String>,
    /// The profile's website (with --profile).
    #[arg(long, requires = "profile", value_name = "TEXT")]
    pub(crate) website: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// The draft; `-` reads it from standard input.
    #[arg(value_name = "TEXT")]
    pub(crate) text: String,
    #[command(flatten)]
    pub(crate) context: ContextArgs,
    #[command(flatten)]
    pub(crate) pack: PackChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// For people: the draft with the span underlined, and advice.
    Human,
    /// One JSON document.
    Json,
    /// One JSON object per draft, one per line.
    Jsonl,
    /// SARIF 2.1.0.
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum InputFormat {
    /// JSON Lines when the file name ends in `.jsonl`, else one draft per line.
    Auto,
    /// One draft per line.
    Text,
    /// JSON Lines records.
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour when writing to a terminal (and NO_COLOR is not set).
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum AccountArg {
    /// Your own account, as a private citizen.
    Personal,
    /// Your own account, used in your professional capacity.
    Professional,
    /// An account of the organisation, or one that speaks for it.
    Official,
}

impl From<AccountArg> for AccountKind {
    fn from(a: AccountArg) -> Self {
        match a {
            AccountArg::Personal => AccountKind::Personal,
            AccountArg::Professional => AccountKind::Professional,
            AccountArg::Official => AccountKind::Official,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PlatformArg {
    /// X (formerly Twitter).
    X,
    /// Bluesky.
    Bluesky,
    /// Mastodon.
    Mastodon,
    /// Threads.
    Threads,
    /// LinkedIn.
    Linkedin,
    /// Facebook.
    Facebook,
    /// Instagram.
    Instagram,
}

impl From<PlatformArg> for Platform {
    fn from(p: PlatformArg) -> Self {
        match p {
            PlatformArg::X => Platform::X,
            PlatformArg::Bluesky => Platform::Bluesky,
            PlatformArg::Mastodon => Platform::Mastodon,
            PlatformArg::Threads => Platform::Threads,
            PlatformArg::Linkedin => Platform::Linkedin,
            PlatformArg::Facebook => Platform::Facebook,
            PlatformArg::Instagram => Platform::Instagram,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SeverityArg {
    /// Any finding.
    Note,
    /// Advice and above.
    Advice,
    /// Warnings and above.
    Warning,
    /// Only serious findings.
    Serious,
    /// Never fail on findings.
    Never,
}

impl SeverityArg {
    pub(crate) fn threshold(self) -> Option<Severity> {
        match self {
            SeverityArg::Note => Some(Severity::Note),
            SeverityArg::Advice => Some(Severity::Advice),
            SeverityArg::Warning => Some(Severity::Warning),
            SeverityArg::Serious => Some(Severity::Serious),
            SeverityArg::Never => None,
        }
    }
}
