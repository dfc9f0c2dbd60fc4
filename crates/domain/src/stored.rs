//! Values stored as text. [`stored_enum!`] declares an enum's spelling once and derives
//! from it `as_str`, `Display`, `FromStr` (strict: an unknown spelling is an error, never
//! a default) and, with the `persistence` feature, the sea-orm column type, so entities hold
//! typed values and a row with an unknown value fails to load instead of being guessed.

/// The text is not one of the known spellings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be one of: {expected}")]
pub struct UnknownValue {
    /// The known spellings, comma separated.
    pub expected: String,
}

/// Declares a closed set of values stored as text:
///
/// ```ignore
/// stored_enum! {
///     /// Where a booking stands.
///     pub enum BookingStatus {
///         /// Awaiting payment.
///         Pending = "pending",
///         Confirmed = "confirmed",
///     }
/// }
/// ```
#[macro_export]
macro_rules! stored_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "persistence", derive(sea_orm::DeriveValueType), sea_orm(value_type = "String"))]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl $name {
            /// Every value.
            pub const ALL: [Self; [$(stringify!($variant)),*].len()] = [$(Self::$variant),*];

            /// The stored (and wire) spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)*
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Stored values may be part of a primary key; they are never generated from numbers.
        #[cfg(feature = "persistence")]
        impl sea_orm::TryFromU64 for $name {
            fn try_from_u64(_: u64) -> Result<Self, sea_orm::DbErr> {
                Err(sea_orm::DbErr::ConvertFromU64(stringify!($name)))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::stored::UnknownValue;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s).ok_or_else(|| $crate::stored::UnknownValue {
                    expected: Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", "),
                })
            }
        }
    };
}

#[cfg(test)]
mod tests {
    stored_enum! {
        /// A test enum.
        enum Fruit {
            /// Red.
            Apple = "apple",
            /// Yellow.
            Banana = "banana",
        }
    }

    #[test]
    fn spellings_round_trip_and_unknown_ones_fail() {
        for fruit in Fruit::ALL {
            assert_eq!(fruit.as_str().parse::<Fruit>(), Ok(fruit));
            assert_eq!(fruit.to_string(), fruit.as_str());
        }
        assert_eq!(Fruit::ALL.len(), 2);
        let err = "Apple".parse::<Fruit>().unwrap_err();
        assert_eq!(err.to_string(), "must be one of: apple, banana");
    }
}
