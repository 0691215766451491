//! The closed vocabularies a pack speaks: severities, tags, account kinds, platforms, entities
//! and metrics. Each is an enum, so a typo in a pack is an error, never a silently ignored value.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

macro_rules! names {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value, in order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The name used in packs, on the command line and in JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $name),+ }
            }

            /// The value with this name, if any.
            pub fn from_name(name: &str) -> Option<Self> {
                match name { $($name => Some($ty::$variant),)+ _ => None }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// How much a finding matters, in four ordered levels.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth knowing; rarely a reason to change the post.
    Note,
    /// Worth a second look; many people would post it anyway.
    Advice,
    /// Likely to cause trouble under the guidance; think again before posting.
    Warning,
    /// A clear breach of the guidance (or the law); do not post as it stands.
    Serious,
}

names!(Severity { Note => "note", Advice => "advice", Warning => "warning", Serious => "serious" });

/// The standard vocabulary of tags. A rule carries one or more, so people and tools can filter
/// findings by what they are about.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Tag {
    /// About politics in general: parties, politicians, elections, policy.
    Political,
    /// Taking a side: support for or attack on a party, candidate or campaign.
    Partisan,
    /// A contested public issue on which reasonable people disagree.
    ContestedIssue,
    /// Liking, reposting, following or signing up to something, read as approval.
    Endorsement,
    /// Abuse, insults, slurs or threats aimed at people.
    Abuse,
    /// Swearing and crude language.
    Profanity,
    /// Information about a person: contact details, identifiers, health, location.
    PersonalData,
    /// Information about the people the organisation serves: patients, pupils, clients.
    ClientData,
    /// Information that is not the poster's to share: internal, marked, embargoed.
    Confidentiality,
    /// News that is the organisation's to announce, such as launches, results and appointments.
    Announcement,
    /// Criticism of the employer, its leaders or its decisions.
    EmployerCriticism,
    /// Criticism of colleagues or of the people one serves.
    ColleagueCriticism,
    /// How the post sounds: shouting, heat of the moment, sarcasm.
    Tone,
    /// Saying, or not saying, who one works for.
    Affiliation,
    /// Professional boundaries with patients, pupils, clients and their families.
    Boundaries,
    /// Advice or claims beyond one's professional competence.
    Competence,
    /// Where someone is, lives or will be.
    Location,
    /// When the post is made: late at night, during a sensitive period.
    Timing,
    /// Posts last: screenshots, archives and shares outlive deletion.
    Permanence,
    /// Security of systems and premises: internal links, passwords, badges.
    Security,
    /// How the post is put together: length, formatting.
    Form,
}

names!(Tag {
    Political => "political",
    Partisan => "partisan",
    ContestedIssue => "contested-issue",
    Endorsement => "endorsement",
    Abuse => "abuse",
    Profanity => "profanity",
    PersonalData => "personal-data",
    ClientData => "client-data",
    Confidentiality => "confidentiality",
    Announcement => "announcement",
    EmployerCriticism => "employer-criticism",
    ColleagueCriticism => "colleague-criticism",
    Tone => "tone",
    Affiliation => "affiliation",
    Boundaries => "boundaries",
    Competence => "competence",
    Location => "location",
    Timing => "timing",
    Permanence => "permanence",
    Security => "security",
    Form => "form",
});

impl Tag {
    /// One line saying what the tag covers, for documentation.
    pub fn description(self) -> &'static str {
        match self {
            Tag::Political => "politics in general: parties, politicians, elections, policy",
            Tag::Partisan => {
                "taking a side: support for or attack on a party, candidate or campaign"
            }
            Tag::ContestedIssue => "a contested public issue on which reasonable people disagree",
            Tag::Endorsement => "likes, reposts, follows and sign-ups read as approval",
            Tag::Abuse => "abuse, insults, slurs or threats aimed at people",
            Tag::Profanity => "swearing and crude language",
            Tag::PersonalData => "information about a person: contact details, identifiers, health",
            Tag::ClientData => "information about patients, pupils, clients and service users",
            Tag::Confidentiality => {
                "information that is not yours to share: internal, marked, embargoed"
            }
            Tag::Announcement => "news that is the organisation's to announce",
            Tag::EmployerCriticism => "criticism of the employer, its leaders or its decisions",
            Tag::ColleagueCriticism => "criticism of colleagues or of the people one serves",
            Tag::Tone => "how the post sounds: shouting, heat of the moment, sarcasm",
            Tag::Affiliation => "saying, or not saying, who one works for",
            Tag::Boundaries => "professional boundaries with patients, pupils and clients",
            Tag::Competence => "advice or claims beyond one's professional competence",
            Tag::Location => "where someone is, lives or will be",
            Tag::Timing => "when the post is made: late at night, during a sensitive period",
            Tag::Permanence => "posts outlive deletion: screenshots, archives, shares",
            Tag::Security => "security of systems and premises: internal links, passwords, badges",
            Tag::Form => "how the post is put together: length, formatting",
        }
    }
}

/// The kind of account a post is made from.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum AccountKind {
    /// The person's own account, used as a private citizen.
    Personal,
    /// The person's own account, used in their professional capacity (their job is in the bio,
    /// they post about their field).
    Professional,
    /// An account of the organisation, or one that speaks for it.
    Official,
}

names!(AccountKind { Personal => "personal", Professional => "professional", Official => "official" });

/// A social-media platform, for its length limit and conventions.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Platform {
    /// X (formerly Twitter), standard accounts.
    X,
    /// Bluesky.
    Bluesky,
    /// Mastodon, with the default server limit.
    Mastodon,
    /// Threads.
    Threads,
    /// LinkedIn posts.
    Linkedin,
    /// Facebook posts.
    Facebook,
    /// Instagram captions.
    Instagram,
}

names!(Platform {
    X => "x",
    Bluesky => "bluesky",
    Mastodon => "mastodon",
    Threads => "threads",
    Linkedin => "linkedin",
    Facebook => "facebook",
    Instagram => "instagram",
});

impl Platform {
    /// The platform's limit on a post's length, in the platform's own unit (see
    /// [`Platform::length_unit`]).
    pub fn length_limit(self) -> u32 {
        match self {
            Platform::X => 280,
            Platform::Bluesky => 300,
            Platform::Mastodon | Platform::Threads => 500,
            Platform::Linkedin => 3000,
            Platform::Facebook => 63_206,
            Platform::Instagram => 2200,
        }
    }

    /// How the platform counts a post's length.
    pub fn length_unit(self) -> LengthUnit {
        match self {
            Platform::X => LengthUnit::XWeighted,
            Platform::Bluesky => LengthUnit::Graphemes,
            Platform::Mastodon => LengthUnit::CharactersLinks23,
            _ => LengthUnit::Characters,
        }
    }

    /// The name people know the platform by.
    pub fn display_name(self) -> &'static str {
        match self {
            Platform::X => "X",
            Platform::Bluesky => "Bluesky",
            Platform::Mastodon => "Mastodon",
            Platform::Threads => "Threads",
            Platform::Linkedin => "LinkedIn",
            Platform::Facebook => "Facebook",
            Platform::Instagram => "Instagram",
        }
    }
}

/// What a rule reads: a post, or a field of the profile.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    /// A post (the default).
    Post,
    /// Every field of the profile (shorthand for the five below).
    Profile,
    /// The profile's display name.
    Name,
    /// The profile's handle (user name).
    Handle,
    /// The profile's bio.
    Bio,
    /// The profile's location field.
    Location,
    /// The profile's website field.
    Website,
}

names!(Target {
    Post => "post",
    Profile => "profile",
    Name => "name",
    Handle => "handle",
    Bio => "bio",
    Location => "location",
    Website => "website",
});

impl Target {
    /// The profile fields, in the order they are shown.
    pub const PROFILE_FIELDS: &'static [Target] = &[
        Target::Name,
        Target::Handle,
        Target::Bio,
        Target::Location,
        Target::Website,
    ];
}

/// How a platform counts length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LengthUnit {
    /// Unicode characters.
    Characters,
    /// Unicode characters, every link counting 23 (Mastodon).
    CharactersLinks23,
    /// User-perceived characters: an emoji sequence counts once (Bluesky).
    Graphemes,
    /// X's weighting: characters in the Latin and common punctuation ranges count 1, all others
    /// 2, and every link 23.
    XWeighted,
}

/// The built-in entity detectors: identifiers and contact details found by pattern plus
/// validation (checksums, allocation rules) plus context words.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Entity {
    /// An email address.
    Email,
    /// A UK or international telephone number.
    Phone,
    /// A full UK postcode, with a real postcode area.
    UkPostcode,
    /// A UK National Insurance number, following HMRC's allocation rules.
    NiNumber,
    /// An NHS number: ten digits passing the modulus 11 check, near words that say so.
    NhsNumber,
    /// A payment card number: Luhn check and a real issuer range.
    PaymentCard,
    /// An IBAN: a known country length and the modulus 97 check.
    Iban,
    /// An IPv4 or IPv6 address.
    IpAddress,
    /// A web address; with `internal-only`, only links to the organisation's internal domains.
    Url,
    /// A date near words that make it a date of birth.
    DateOfBirth,
}

names!(Entity {
    Email => "email",
    Phone => "phone",
    UkPostcode => "uk-postcode",
    NiNumber => "ni-number",
    NhsNumber => "nhs-number",
    PaymentCard => "payment-card",
    Iban => "iban",
    IpAddress => "ip-address",
    Url => "url",
    DateOfBirth => "date-of-birth",
});

/// What a `metric` detector measures.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Metric {
    /// A sentence written mostly in capital letters.
    Shouting,
    /// A run of exclamation or question marks (`!!!`, `?!?`).
    PunctuationRun,
    /// A post longer than the platform allows.
    OverLength,
}

names!(Metric {
    Shouting => "shouting",
    PunctuationRun => "punctuation-run",
    OverLength => "over-length",
});
