//! A small DAG-CBOR decoder (and, for the generator, encoder): the subset Bluesky repositories
//! use, with every length checked against the bytes actually present and nesting bounded, so
//! a hostile block cannot make it allocate or recurse without limit.

use std::fmt;

/// A decoded DAG-CBOR value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cbor {
    Int(i128),
    Float(f64),
    Bytes(Vec<u8>),
    Text(String),
    Array(Vec<Cbor>),
    /// Keys are always text in DAG-CBOR.
    Map(Vec<(String, Cbor)>),
    /// A CID link (tag 42), as the CID's binary form.
    Link(Vec<u8>),
    Bool(bool),
    Null,
}

impl Cbor {
    /// The value under `key`, if this is a map that has it.
    pub(crate) fn get(&self, key: &str) -> Option<&Cbor> {
        match self {
            Cbor::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Cbor::Text(text) => Some(text),
            _ => None,
        }
    }

    pub(crate) fn as_link(&self) -> Option<&[u8]> {
        match self {
            Cbor::Link(cid) => Some(cid),
            _ => None,
        }
    }

    pub(crate) fn as_array(&self) -> &[Cbor] {
        match self {
            Cbor::Array(items) => items,
            _ => &[],
        }
    }

    pub(crate) fn as_int(&self) -> Option<i128> {
        match self {
            Cbor::Int(value) => Some(*value),
            _ => None,
        }
    }

    pub(crate) fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Cbor::Bytes(bytes) => Some(bytes),
            _ => None,
        }
    }
}

/// Why a block could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CborError {
    Truncated,
    TooDeep,
    Invalid(&'static str),
}

impl fmt::Display for CborError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CborError::Truncated => f.write_str("CBOR ends early"),
            CborError::TooDeep => f.write_str("CBOR nested too deeply"),
            CborError::Invalid(what) => write!(f, "invalid DAG-CBOR: {what}"),
        }
    }
}

/// Decodes one value from the start of `bytes`; returns it and the bytes it took.
pub(crate) fn decode(bytes: &[u8], max_depth: usize) -> Result<(Cbor, usize), CborError> {
    let mut decoder = Decoder {
        bytes,
        at: 0,
        max_depth,
    };
    let value = decoder.value(0)?;
    Ok((value, decoder.at))
}

struct Decoder<'b> {
    bytes: &'b [u8],
    at: usize,
    max_depth: usize,
}

impl Decoder<'_> {
    fn byte(&mut self) -> Result<u8, CborError> {
        let byte = *self.bytes.get(self.at).ok_or(CborError::Truncated)?;
        self.at += 1;
        Ok(byte)
    }

    fn take(&mut self, n: u64) -> Result<&[u8], CborError> {
        let n = usize::try_from(n).map_err(|_| CborError::Truncated)?;
        let end = self.at.checked_add(n).ok_or(CborError::Truncated)?;
        let slice = self.bytes.get(self.at..end).ok_or(CborError::Truncated)?;
        self.at = end;
        Ok(slice)
    }

    /// The argument of a head byte's additional information.
    fn argument(&mut self, info: u8) -> Result<u64, CborError> {
        Ok(match info {
            0..=23 => u64::from(info),
            24 => u64::from(self.byte()?),
            25 => u64::from(u16::from_be_bytes(self.fixed::<2>()?)),
            26 => u64::from(u32::from_be_bytes(self.fixed::<4>()?)),
            27 => u64::from_be_bytes(self.fixed::<8>()?),
            _ => return Err(CborError::Invalid("indefinite or reserved length")),
        })
    }

    fn fixed<const N: usize>(&mut self) -> Result<[u8; N], CborError> {
        let slice = self.take(N as u64)?;
        let mut out = [0; N];
        out.copy_from_slice(slice);
        Ok(out)
    }

    /// A count of items that each take at least one byte: never more than the bytes left.
    fn count(&mut self, info: u8) -> Result<usize, CborError> {
        let count = self.argument(info)?;
        let left = (self.bytes.len() - self.at) as u64;
        if count > left {
            return Err(CborError::Truncated);
        }
        usize::try_from(count).map_err(|_| CborError::Truncated)
    }

    fn value(&mut self, depth: usize) -> Result<Cbor, CborError> {
        if depth > self.max_depth {
            return Err(CborError::TooDeep);
        }
        let head = self.byte()?;
        let (major, info) = (head >> 5, head & 0x1f);
        Ok(match major {
            0 => Cbor::Int(i128::from(self.argument(info)?)),
            1 => Cbor::Int(-1 - i128::from(self.argument(info)?)),
            2 => {
                let n = self.argument(info)?;
                Cbor::Bytes(self.take(n)?.to_vec())
            }
            3 => {
                let n = self.argument(info)?;
                let bytes = self.take(n)?;
                Cbor::Text(
                    String::from_utf8(bytes.to_vec())
                        .map_err(|_| CborError::Invalid("text that is not UTF-8"))?,
                )
            }
            4 => {
                let n = self.count(info)?;
                let mut items = Vec::with_capacity(n.min(1024));
                for _ in 0..n {
                    items.push(self.value(depth + 1)?);
                }
                Cbor::Array(items)
            }
            5 => {
                let n = self.count(info)?;
                let mut entries = Vec::with_capacity(n.min(1024));
                for _ in 0..n {
                    let key = match self.value(depth + 1)? {
                        Cbor::Text(key) => key,
                        _ => return Err(CborError::Invalid("a map key that is not text")),
                    };
                    entries.push((key, self.value(depth + 1)?));
                }
                Cbor::Map(entries)
            }
            6 => {
                if self.argument(info)? != 42 {
                    return Err(CborError::Invalid("a tag other than 42"));
                }
                match self.value(depth + 1)? {
                    Cbor::Bytes(bytes) if bytes.first() == Some(&0) => {
                        Cbor::Link(bytes[1..].to_vec())
                    }
                    _ => return Err(CborError::Invalid("a CID link that is not multibase bytes")),
                }
            }
            _ => match info {
                20 => Cbor::Bool(false),
                21 => Cbor::Bool(true),
                22 | 23 => Cbor::Null,
                25 => Cbor::Float(half_to_f64(u16::from_be_bytes(self.fixed::<2>()?))),
                26 => Cbor::Float(f64::from(f32::from_be_bytes(self.fixed::<4>()?))),
                27 => Cbor::Float(f64::from_be_bytes(self.fixed::<8>()?)),
                _ => return Err(CborError::Invalid("an unsupported simple value")),
            },
        })
    }
}

fn half_to_f64(half: u16) -> f64 {
    let exponent = i32::from((half >> 10) & 0x1f);
    let mantissa = f64::from(half & 0x3ff);
    let magnitude = match exponent {
        0 => mantissa * 2f64.powi(-24),
        31 if mantissa == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1.0 + mantissa / 1024.0) * 2f64.powi(exponent - 15),
    };
    if half & 0x8000 != 0 {
        -magnitude
    } else {
        magnitude
    }
}

/// Reads an unsigned LEB128 varint (as CAR and CIDs use) from the start of `bytes`.
pub(crate) fn varint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut value = 0u64;
    for (at, &byte) in bytes.iter().enumerate().take(10) {
        value |= u64::from(byte & 0x7f) << (7 * at);
        if byte & 0x80 == 0 {
            return Some((value, at + 1));
        }
    }
    None
}

/// The length of the CID at the start of `bytes` (v0: a bare SHA-256 multihash; v1:
/// version, codec and multihash).
pub(crate) fn cid_len(bytes: &[u8]) -> Option<usize> {
    if bytes.starts_with(&[0x12, 0x20]) {
        return (bytes.len() >= 34).then_some(34);
    }
    let (version, a) = varint(bytes)?;
    if version != 1 {
        return None;
    }
    let (_codec, b) = varint(&bytes[a..])?;
    let (_hash, c) = varint(&bytes[a + b..])?;
    let (digest, d) = varint(&bytes[a + b + c..])?;
    let len = a + b + c + d + usize::try_from(digest).ok()?;
    (len <= bytes.len()).then_some(len)
}

/// Writes DAG-CBOR: definite lengths, map keys sorted length-first as the spec requires.
#[cfg(feature = "generate")]
pub(crate) fn encode(value: &Cbor, out: &mut Vec<u8>) {
    fn head(major: u8, value: u64, out: &mut Vec<u8>) {
        let major = major << 5;
        if value < 24 {
            out.push(major | value as u8);
        } else if value <= 0xff {
            out.extend([major | 24, value as u8]);
        } else if value <= 0xffff {
            out.push(major | 25);
            out.extend((value as u16).to_be_bytes());
        } else if value <= 0xffff_ffff {
            out.push(major | 26);
            out.extend((value as u32).to_be_bytes());
        } else {
            out.push(major | 27);
            out.extend(value.to_be_bytes());
        }
    }
    match value {
        Cbor::Int(v) if *v >= 0 => head(0, *v as u64, out),
        Cbor::Int(v) => head(1, (-1 - *v) as u64, out),
        Cbor::Float(v) => {
            out.push(0xfb);
            out.extend(v.to_be_bytes());
        }
        Cbor::Bytes(bytes) => {
            head(2, bytes.len() as u64, out);
            out.extend(bytes);
        }
        Cbor::Text(text) => {
            head(3, text.len() as u64, out);
            out.extend(text.as_bytes());
        }
        Cbor::Array(items) => {
            head(4, items.len() as u64, out);
            items.iter().for_each(|item| encode(item, out));
        }
        Cbor::Map(entries) => {
            let mut sorted: Vec<&(String, Cbor)> = entries.iter().collect();
            sorted.sort_by(|a, b| (a.0.len(), &a.0).cmp(&(b.0.len(), &b.0)));
            head(5, sorted.len() as u64, out);
            for (key, value) in sorted {
                head(3, key.len() as u64, out);
                out.extend(key.as_bytes());
                encode(value, out);
            }
        }
        Cbor::Link(cid) => {
            head(6, 42, out);
            head(2, cid.len() as u64 + 1, out);
            out.push(0);
            out.extend(cid);
        }
        Cbor::Bool(flag) => out.push(if *flag { 0xf5 } else { 0xf4 }),
        Cbor::Null => out.push(0xf6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_maps_links_and_refuses_lies() {
        // {"a": 1, "l": 42(h'00 01 71')}
        let bytes = [
            0xa2, 0x61, b'a', 0x01, 0x61, b'l', 0xd8, 0x2a, 0x43, 0x00, 0x01, 0x71,
        ];
        let (value, used) = decode(&bytes, 8).expect("decodes");
        assert_eq!(used, bytes.len());
        assert_eq!(value.get("a"), Some(&Cbor::Int(1)));
        assert_eq!(
            value.get("l").and_then(Cbor::as_link),
            Some(&[0x01, 0x71][..])
        );
        // An array claiming 2^32 items in 6 bytes.
        assert_eq!(
            decode(&[0x9a, 0xff, 0xff, 0xff, 0xff, 0x00], 8),
            Err(CborError::Truncated)
        );
        // Nesting past the limit.
        assert_eq!(
            decode(&[0x81, 0x81, 0x81, 0x00], 2),
            Err(CborError::TooDeep)
        );
    }

    #[test]
    fn reads_varints_and_cids() {
        assert_eq!(varint(&[0xac, 0x02]), Some((300, 2)));
        let mut cid = vec![0x01, 0x71, 0x12, 0x20];
        cid.extend([7; 32]);
        cid.push(0xff);
        assert_eq!(cid_len(&cid), Some(36));
    }
}
