//! Locale data for accord, built once per language from ICU4X compiled data.
//!
//! For: formatting dates (long, medium and numeric, Gregorian), integers, lists ("a, b
//! and c" with the language's own punctuation: 、 in Chinese, ، in Arabic and Urdu) and
//! plural categories, naming regions (ISO 3166-1 alpha-2 codes) and sorting strings by the
//! language's collation, for any language ICU4X's compiled data has (CLDR's, more than 200
//! locales, all of it built into the binary). All locale facts (month names, digits, plural
//! rules, region names, collation) come from CLDR via ICU4X; none are written here. Not for:
//! translating the site's own UI strings or the convention text, parsing dates or numbers,
//! time zones or times of day, or languages the data lacks (they are refused, not
//! approximated with CLDR's root formats).

use std::cmp::Ordering;

use icu::calendar::{Date, Gregorian};
use icu::collator::options::{CollatorOptions, Strength};
use icu::collator::{Collator, CollatorBorrowed};
use icu::datetime::FixedCalendarDateTimeFormatter;
use icu::datetime::fieldsets::{YM, YMD};
use icu::datetime::options::YearStyle;
use icu::datetime::provider::names::DatetimeNamesMonthGregorianV1;
use icu::decimal::DecimalFormatter;
use icu::decimal::input::Decimal;
use icu::list::ListFormatter;
use icu::list::options::{ListFormatterOptions, ListLength};
use icu::locale::Locale;
use icu::locale::exemplar_chars::ExemplarCharacters;
use icu::locale::subtags::Region;
use icu::plurals::{PluralCategory, PluralRules};
use icu_experimental::displaynames::DisplayNamesOptions;
use icu_experimental::displaynames::multi::RegionDisplayNames;
use icu_experimental::displaynames::provider::LocaleNamesRegionV0;
use icu_provider::prelude::*;

/// The ICU locale a site language is formatted with: its own code, except English, which
/// uses `en-001` (international English: "25 October 2025", day-month-year; `en-US`
/// still gets American formats). Chinese `zh` is Simplified Chinese (zh-Hans-CN) in CLDR.
fn icu_tag(lang: &str) -> &str {
    if lang == "en" { "en-001" } else { lang }
}

/// Whether ICU4X's compiled data has `locale` itself (or a language it falls back to),
/// rather than only CLDR's root: month names and region names are the two kinds every
/// language with data has and root has not ("M10", no region names). Collation, plural
/// rules and number symbols are not asked: many languages share root's, and are stored
/// as root.
fn missing_data(locale: &Locale) -> Option<&'static str> {
    fn resolves<M: DataMarker>(provider: &impl DataProvider<M>, locale: &DataLocale, attrs: &str) -> bool {
        let mut metadata = DataRequestMetadata::default();
        metadata.attributes_prefix_match = true;
        metadata.silent = true; // a miss is an answer here, not an error to log
        let req = DataRequest {
            id: DataIdentifierBorrowed::for_marker_attributes_and_locale(
                DataMarkerAttributes::from_str_or_panic(attrs),
                locale,
            ),
            metadata,
        };
        // `metadata.locale` is where the lookup fell back to; `None` when it found `locale` itself.
        provider.load(req).is_ok_and(|r| !r.metadata.locale.is_some_and(|l| l.is_unknown()))
    }
    let locale = DataLocale::from(locale);
    if locale.is_unknown() {
        return Some("date");
    }
    // "5": wide month names, the ones a long date uses ("4", narrow, is root's digits in zh).
    if !resolves::<DatetimeNamesMonthGregorianV1>(&icu::datetime::provider::Baked, &locale, "5") {
        return Some("date");
    }
    if !resolves::<LocaleNamesRegionV0>(&icu_experimental::provider::Baked, &locale, "") {
        return Some("region name");
    }
    None
}

/// Why a [`LocaleData`] could not be built.
#[derive(Debug, thiserror::Error)]
pub enum LocaleError {
    /// The language code is not a locale, or ICU4X's compiled data has no data for it.
    #[error("unsupported language {lang:?}: ICU4X has no {what} data for it")]
    Unsupported { lang: String, what: &'static str },
    /// ICU4X could not load one kind of data for a supported language.
    #[error("could not load {what} data for language {lang:?}: {source}")]
    Data {
        lang: String,
        what: &'static str,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },
}

fn load_err<E>(lang: &str, what: &'static str) -> impl FnOnce(E) -> LocaleError
where
    E: std::error::Error + Send + Sync + 'static,
{
    let lang = lang.to_owned();
    move |e| LocaleError::Data { lang, what, source: Box::new(e) }
}

/// Every formatter one language needs, built once and shared (it is `Send + Sync`).
pub struct LocaleData {
    lang: String,
    date_long: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    date_numeric: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    date_medium: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    list_and: ListFormatter,
    month_long: FixedCalendarDateTimeFormatter<Gregorian, YM>,
    decimal: DecimalFormatter,
    plurals: PluralRules,
    regions: RegionDisplayNames,
    collator: CollatorBorrowed<'static>,
    /// Base letters only ("E" = "é" = "e"), to place a term under an index letter.
    primary: CollatorBorrowed<'static>,
    /// CLDR's index letters for the language ("A" … "Z", Spanish "Ñ", Swedish "Å" "Ä" "Ö"),
    /// in collation order, each with the string it starts at: the letter itself, or for a
    /// collation whose tailoring marks where each letter starts (Chinese pinyin: U+FDD0
    /// followed by the letter) that mark.
    index: Vec<(String, String)>,
}

// LocaleData is shared across rayon threads: fail the build if it stops being so.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<LocaleData>();
};

impl std::fmt::Debug for LocaleData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocaleData").field("lang", &self.lang).finish_non_exhaustive()
    }
}

impl LocaleData {
    /// Builds all formatters for `lang`, a BCP 47 language code ("de", "pt-BR", "zh-Hant"),
    /// or refuses a code ICU4X has no dates or region names for.
    pub fn new(lang: &str) -> Result<Self, LocaleError> {
        let unsupported = |what| LocaleError::Unsupported { lang: lang.to_owned(), what };
        let locale: Locale = icu_tag(lang).parse().map_err(|_| unsupported("locale"))?;
        if let Some(what) = missing_data(&locale) {
            return Err(unsupported(what));
        }
        let date_long = FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::long())
            .map_err(load_err(lang, "long date"))?;
        // Tables want a four-digit year: es/ur "short" alone gives "25/10/25".
        let numeric_date = YMD::short().with_year_style(YearStyle::Full);
        let date_numeric = FixedCalendarDateTimeFormatter::try_new((&locale).into(), numeric_date)
            .map_err(load_err(lang, "numeric date"))?;
        let date_medium = FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::medium())
            .map_err(load_err(lang, "medium date"))?;
        let month_long =
            FixedCalendarDateTimeFormatter::try_new((&locale).into(), YM::long()).map_err(load_err(lang, "month"))?;
        let list_options = ListFormatterOptions::default().with_length(ListLength::Wide);
        let list_and = ListFormatter::try_new_and((&locale).into(), list_options).map_err(load_err(lang, "list"))?;
        let decimal =
            DecimalFormatter::try_new((&locale).into(), Default::default()).map_err(load_err(lang, "number"))?;
        let plurals = PluralRules::try_new_cardinal((&locale).into()).map_err(load_err(lang, "plural rules"))?;
        let regions = RegionDisplayNames::try_new((&locale).into(), DisplayNamesOptions::default())
            .map_err(load_err(lang, "region names"))?;
        let collator =
            Collator::try_new((&locale).into(), CollatorOptions::default()).map_err(load_err(lang, "collation"))?;
        let mut primary_options = CollatorOptions::default();
        primary_options.strength = Some(Strength::Primary);
        let primary = Collator::try_new((&locale).into(), primary_options).map_err(load_err(lang, "collation"))?;
        let letters =
            ExemplarCharacters::try_new_index(&DataLocale::from(&locale)).map_err(load_err(lang, "index letters"))?;
        let index = index_letters(&letters, &primary);
        Ok(Self {
            lang: lang.to_owned(),
            date_long,
            date_numeric,
            date_medium,
            list_and,
            month_long,
            decimal,
            plurals,
            regions,
            collator,
            primary,
            index,
        })
    }

    /// The site language code this data was built for ("en", "zh", ...).
    pub fn lang(&self) -> &str {
        &self.lang
    }

    fn gregorian(d: jiff::civil::Date) -> Date<Gregorian> {
        // jiff dates (years -9999..=9999) are always valid proleptic ISO dates.
        Date::try_new_iso(i32::from(d.year()), d.month() as u8, d.day() as u8)
            .expect("a jiff civil date is a valid ISO date")
            .to_calendar(Gregorian)
    }

    /// Long date in the Gregorian calendar, e.g. en "25 October 2025", zh "2025年10月25日".
    pub fn format_date(&self, d: jiff::civil::Date) -> String {
        self.date_long.format(&Self::gregorian(d)).to_string()
    }

    /// A month and its year, for a date known only to the month: en "July 2026", zh "2026年7月".
    pub fn format_month(&self, year: i16, month: i8) -> String {
        let first = jiff::civil::Date::new(year, month, 1).unwrap_or(jiff::civil::Date::MIN);
        self.month_long.format(&Self::gregorian(first)).to_string()
    }

    /// Short numeric date with a four-digit year, for tables: en "25/10/2025", zh "2025/10/25".
    pub fn format_date_numeric(&self, d: jiff::civil::Date) -> String {
        self.date_numeric.format(&Self::gregorian(d)).to_string()
    }

    /// Medium date, short enough for a chart's axis: en "25 Oct 2025", zh "2025年10月25日".
    pub fn format_date_medium(&self, d: jiff::civil::Date) -> String {
        self.date_medium.format(&Self::gregorian(d)).to_string()
    }

    /// The items as one "and" list in the language's own words and punctuation:
    /// en "A, B and C", zh "A、B和C", ar "A وB وC".
    pub fn format_list<S: AsRef<str>>(&self, items: &[S]) -> String {
        self.list_and.format_to_string(items.iter().map(AsRef::as_ref))
    }

    /// Integer with the locale's grouping separators and default digits.
    pub fn format_integer(&self, n: i64) -> String {
        self.decimal.format_to_string(&Decimal::from(n))
    }

    /// CLDR cardinal plural category of `n`: "zero", "one", "two", "few", "many" or "other".
    pub fn plural_category(&self, n: u64) -> &'static str {
        category_name(self.plurals.category_for(n))
    }

    /// The cardinal plural categories this language has (`other` always among them).
    pub fn plural_categories(&self) -> Vec<&'static str> {
        self.plurals.categories().map(category_name).collect()
    }

    /// Display name of an ISO 3166-1 alpha-2 region (case-insensitive), or of a CLDR
    /// macro-region such as "EU"; `None` for a malformed or unknown code.
    pub fn region_name(&self, alpha2: &str) -> Option<String> {
        if alpha2.len() != 2 || !alpha2.bytes().all(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        let region = Region::try_from_str(&alpha2.to_ascii_uppercase()).ok()?;
        self.regions.of(region).map(str::to_owned)
    }

    /// Compares two strings by the language's CLDR collation (zh: pinyin).
    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        self.collator.compare(a, b)
    }

    /// The letter a term is listed under in an index: the last of the language's index
    /// letters at or before it whose terms start with it (en "électronique" → "E", es
    /// "ñandú" → "Ñ", zh "流量" → "L" by pinyin), or else the term's first character
    /// in capitals (a term in another script, or a language CLDR gives no letters).
    pub fn index_letter(&self, term: &str) -> String {
        let term = term.trim_start();
        let after = self.index.partition_point(|(_, start)| self.primary.compare(start, term) != Ordering::Greater);
        if let Some((label, start)) = after.checked_sub(1).map(|i| &self.index[i]) {
            let starts_with = if start == label {
                let prefix: String = term.chars().take(label.chars().count()).collect();
                self.primary.compare(&prefix, label) == Ordering::Equal
            } else {
                // A marked tailoring bounds its letters: up to the next letter's mark.
                self.index.get(after).is_none_or(|(_, next)| self.primary.compare(term, next) == Ordering::Less)
            };
            if starts_with {
                return label.clone();
            }
        }
        term.chars().next().map(|c| c.to_uppercase().collect()).unwrap_or_default()
    }

    /// Sorts `items` by collation of `key`, stably, breaking collation ties by the raw
    /// string so that the result does not depend on the input order.
    pub fn sort_by_collation<T>(&self, items: &mut [T], key: impl Fn(&T) -> &str) {
        items.sort_by(|a, b| {
            let (ka, kb) = (key(a), key(b));
            self.compare(ka, kb).then_with(|| ka.cmp(kb))
        });
    }
}

/// The index letters in collation order, each with the string its terms start at.
fn index_letters(
    letters: &icu::locale::exemplar_chars::ExemplarCharactersBorrowed<'_>,
    primary: &CollatorBorrowed<'_>,
) -> Vec<(String, String)> {
    let mut labels: Vec<String> = letters.code_points().iter_chars().map(String::from).collect();
    labels.extend(letters.strings().iter().map(str::to_owned));
    labels.sort_by(|a, b| primary.compare(a, b).then_with(|| a.cmp(b)));
    labels.dedup_by(|a, b| primary.compare(a, b) == Ordering::Equal);
    // A tailoring that has U+FDD0 + letter as a contraction weighs it as one boundary,
    // below the mark alone; without one, the pair sorts after the mark, as any longer
    // string after its prefix (ICU's AlphabeticIndex reads the same contractions). Where
    // the tailoring has marks, a letter without one starts no term (no pinyin syllable
    // starts with I, U or V) and is left out.
    const MARK: &str = "\u{FDD0}";
    let marked = |label: &str| format!("{MARK}{label}");
    let is_marked = |label: &str| primary.compare(&marked(label), MARK) == Ordering::Less;
    if labels.iter().any(|l| is_marked(l)) {
        labels
            .into_iter()
            .filter(|l| is_marked(l))
            .map(|l| {
                let start = marked(&l);
                (l, start)
            })
            .collect()
    } else {
        labels.into_iter().map(|l| (l.clone(), l)).collect()
    }
}

fn category_name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn data(lang: &str) -> LocaleData {
        LocaleData::new(lang).unwrap_or_else(|e| panic!("{e}"))
    }

    const SITE_LANGS: [&str; 8] = ["en", "fr", "es", "ar", "zh", "ru", "vi", "ur"];

    #[test]
    fn any_language_with_icu_data_constructs_and_others_are_refused() {
        for lang in SITE_LANGS.into_iter().chain(["de", "pt-BR", "zh-Hant", "en-US", "ja", "sw", "fa"]) {
            assert_eq!(data(lang).lang(), lang);
        }
        // Not locales, or locales CLDR has nothing but root for.
        for bad in ["", "x", "xx", "qaa", "und", "en_GB"] {
            let e = LocaleData::new(bad).unwrap_err();
            assert!(matches!(e, LocaleError::Unsupported { .. }), "{bad}: {e}");
            assert!(e.to_string().contains(&format!("{bad:?}")), "{e}");
        }
    }

    #[test]
    fn a_language_outside_the_site_gets_its_own_formats() {
        let de = data("de");
        assert_eq!(de.format_date(date(2025, 11, 19)), "19. November 2025");
        assert_eq!(de.format_month(2026, 7), "Juli 2026");
        assert_eq!(de.format_date_numeric(date(2025, 3, 7)), "07.03.2025");
        assert_eq!(de.format_integer(1234567), "1.234.567");
        assert_eq!(de.region_name("FR").as_deref(), Some("Frankreich"));
        assert_eq!(de.plural_category(1), "one");
        assert_eq!(de.plural_category(2), "other");
        let mut v = ["Zypern", "Österreich", "Oman", "Ägypten", "Albanien"];
        de.sort_by_collation(&mut v, |s| s);
        assert_eq!(v, ["Ägypten", "Albanien", "Oman", "Österreich", "Zypern"]);
        // A regional variant falls back to its language where it does not differ.
        assert_eq!(data("de-AT").region_name("FR").as_deref(), Some("Frankreich"));
        assert_eq!(data("pt-BR").format_date(date(2025, 11, 19)), "19 de novembro de 2025");
        assert_eq!(data("ja").region_name("FR").as_deref(), Some("フランス"));
    }

    #[test]
    fn long_dates() {
        let d = date(2025, 10, 25);
        let cases = [
            ("en", "25 October 2025"),
            ("fr", "25 octobre 2025"),
            ("es", "25 de octubre de 2025"),
            ("ar", "25 أكتوبر 2025"),
            ("zh", "2025年10月25日"),
            ("ru", "25 октября 2025\u{202f}г."),
            // vi and ur: localized, not the root fallback ("2025 M10 25").
            ("vi", "25 tháng 10 2025"),
            ("ur", "25 اکتوبر، 2025"),
        ];
        for (lang, want) in cases {
            assert_eq!(data(lang).format_date(d), want, "{lang}");
        }
    }

    #[test]
    fn months_with_their_year() {
        for lang in SITE_LANGS {
            println!("{lang}: {}", data(lang).format_month(2026, 7));
        }
        assert_eq!(data("en").format_month(2026, 7), "July 2026");
        assert_eq!(data("fr").format_month(2026, 7), "juillet 2026");
        assert_eq!(data("zh").format_month(2026, 7), "2026年7月");
    }

    #[test]
    fn numeric_dates() {
        let d = date(2025, 3, 7);
        let cases = [
            ("en", "07/03/2025"),
            ("fr", "07/03/2025"),
            ("es", "7/3/2025"),
            ("ar", "7\u{200f}/3\u{200f}/2025"),
            ("zh", "2025/3/7"),
            ("ru", "07.03.2025"),
        ];
        for (lang, want) in cases {
            assert_eq!(data(lang).format_date_numeric(d), want, "{lang}");
        }
    }

    #[test]
    fn lists_use_each_languages_own_punctuation() {
        let items = ["A", "B", "C"];
        let got = |lang: &str| data(lang).format_list(&items);
        assert_eq!(got("en"), "A, B and C");
        assert_eq!(got("zh"), "A、B和C");
        for lang in ["ar", "ur"] {
            let list = got(lang);
            assert!(!list.contains(", "), "{lang}: no Latin comma in {list:?}");
        }
        assert!(got("ur").contains('\u{060C}'), "Urdu separates with the Arabic comma: {}", got("ur"));
        assert_eq!(data("fr").format_list(&["A"]), "A");
        assert_eq!(data("fr").format_list::<&str>(&[]), "");
    }

    #[test]
    fn medium_dates_are_short_and_localized() {
        let d = date(2025, 10, 25);
        assert_eq!(data("en").format_date_medium(d), "25 Oct 2025");
        assert_eq!(data("zh").format_date_medium(d), "2025年10月25日");
        for lang in ["fr", "es", "ar", "ru", "vi", "ur"] {
            let text = data(lang).format_date_medium(d);
            assert!(text.chars().count() <= 16, "{lang}: {text}");
        }
    }

    #[test]
    fn integers() {
        assert_eq!(data("en").format_integer(1234567), "1,234,567");
        assert_eq!(data("fr").format_integer(1234567), "1\u{202f}234\u{202f}567");
        // CLDR's default numbering system for plain "ar" is Latin digits.
        assert_eq!(data("ar").format_integer(1234567), "1,234,567");
        assert_eq!(data("ar").format_integer(-5), "\u{200e}-5");
        assert_eq!(data("ru").format_integer(1234567), "1\u{a0}234\u{a0}567");
        assert_eq!(data("es").format_integer(1234), "1234"); // es: minimum grouping 2
        assert_eq!(data("es").format_integer(12345), "12.345");
    }

    #[test]
    fn plural_categories() {
        let ru = data("ru");
        let got: Vec<_> = [1, 2, 5, 21, 11].map(|n| ru.plural_category(n)).into();
        assert_eq!(got, ["one", "few", "many", "one", "many"]);
        let ar = data("ar");
        let got: Vec<_> = [0, 1, 2, 3, 11, 100].map(|n| ar.plural_category(n)).into();
        assert_eq!(got, ["zero", "one", "two", "few", "many", "other"]);
        assert_eq!(data("en").plural_category(0), "other");
        assert_eq!(data("fr").plural_category(0), "one");
        assert_eq!(data("zh").plural_category(1), "other");
    }

    #[test]
    fn region_names() {
        let france = [
            ("en", "France"),
            ("fr", "France"),
            ("es", "Francia"),
            ("ar", "فرنسا"),
            ("zh", "法国"),
            ("ru", "Франция"),
            ("vi", "Pháp"),
            ("ur", "فرانس"),
        ];
        for (lang, want) in france {
            assert_eq!(data(lang).region_name("FR").as_deref(), Some(want), "{lang}");
        }
        let en = data("en");
        assert_eq!(en.region_name("CI").as_deref(), Some("Côte d\u{2019}Ivoire"));
        assert_eq!(en.region_name("ci").as_deref(), Some("Côte d\u{2019}Ivoire"));
        assert_eq!(en.region_name("EU").as_deref(), Some("European Union"));
        assert_eq!(en.region_name("QQ"), None);
        assert_eq!(en.region_name("FRA"), None);
        assert_eq!(en.region_name("1"), None);
    }

    #[test]
    fn index_letters_follow_each_languages_alphabet() {
        let letter = |lang: &str, term: &str| data(lang).index_letter(term);
        assert_eq!(letter("en", "électronique"), "E");
        assert_eq!(letter("en", "ICT system"), "I");
        assert_eq!(letter("en", "zebra"), "Z");
        // Spanish has ñ as a letter of its own; Swedish å, ä and ö; German folds ä into a.
        assert_eq!(letter("es", "ñandú"), "Ñ");
        assert_eq!(letter("es", "nación"), "N");
        assert_eq!(letter("sv", "ärende"), "Ä");
        assert_eq!(letter("sv", "åtal"), "Å");
        assert_eq!(letter("de", "Änderung"), "A");
        assert_eq!(letter("ru", "электронные данные"), "Э");
        // A term in another script than the language's letters: its first character.
        assert_eq!(letter("ru", "ICT"), "I");
    }

    #[test]
    fn chinese_index_letters_are_pinyin_initials() {
        let zh = data("zh");
        // liuliang, dianzi, fuwu, xintong: the pinyin initial of the first character.
        assert_eq!(zh.index_letter("流量数据"), "L");
        assert_eq!(zh.index_letter("电子数据"), "D");
        assert_eq!(zh.index_letter("服务提供商"), "F");
        assert_eq!(zh.index_letter("信通技术系统"), "X");
        assert_eq!(zh.index_letter("阿尔及利亚"), "A");
        assert_eq!(zh.index_letter("中国"), "Z");
    }

    #[test]
    fn chinese_collation_is_pinyin() {
        let zh = data("zh");
        let mut v = ["中国", "澳大利亚", "阿尔及利亚", "巴西", "德国"];
        zh.sort_by_collation(&mut v, |s| s);
        // a-erjiliya, ao-daliya, baxi, deguo, zhongguo (code point order would differ).
        assert_eq!(v, ["阿尔及利亚", "澳大利亚", "巴西", "德国", "中国"]);
        assert_eq!(zh.compare("中国", "德国"), Ordering::Greater);
    }

    #[test]
    fn french_collation_and_deterministic_ties() {
        let fr = data("fr");
        let mut v = vec!["Cuba", "Côte d'Ivoire", "Costa Rica"];
        fr.sort_by_collation(&mut v, |s| s);
        assert_eq!(v, ["Costa Rica", "Côte d'Ivoire", "Cuba"]);
        // Canonically equivalent strings collate equal; the raw tie-break fixes the order.
        assert_eq!(fr.compare("é", "e\u{301}"), Ordering::Equal);
        for mut v in [["é", "e\u{301}"], ["e\u{301}", "é"]] {
            fr.sort_by_collation(&mut v, |s| s);
            assert_eq!(v, ["e\u{301}", "é"]);
        }
    }
}
