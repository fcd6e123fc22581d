//! Country and region names (R-ORG-05), by ISO 3166-1 alpha-2 code: the
//! codes are the rules crate's list, the names are texts like any other.

use domain::Country;

use crate::Text;

/// Sorted by code, as `Country::all()` is (a test holds the two lists
/// together), so that lookups can binary-search.
const NAMES: &[(&str, Text)] = &[
    (
        "AE",
        Text::new("United Arab Emirates", "阿拉伯聯合大公國").ja("アラブ首長国連邦"),
    ),
    ("AR", Text::new("Argentina", "阿根廷").ja("アルゼンチン")),
    ("AT", Text::new("Austria", "奧地利").ja("オーストリア")),
    ("AU", Text::new("Australia", "澳洲").ja("オーストラリア")),
    ("BE", Text::new("Belgium", "比利時").ja("ベルギー")),
    ("BG", Text::new("Bulgaria", "保加利亞").ja("ブルガリア")),
    ("BR", Text::new("Brazil", "巴西").ja("ブラジル")),
    ("CA", Text::new("Canada", "加拿大").ja("カナダ")),
    ("CH", Text::new("Switzerland", "瑞士").ja("スイス")),
    ("CL", Text::new("Chile", "智利").ja("チリ")),
    ("CN", Text::new("China", "中國大陸").ja("中国")),
    ("CO", Text::new("Colombia", "哥倫比亞").ja("コロンビア")),
    ("CY", Text::new("Cyprus", "賽普勒斯").ja("キプロス")),
    ("CZ", Text::new("Czechia", "捷克").ja("チェコ")),
    ("DE", Text::new("Germany", "德國").ja("ドイツ")),
    ("DK", Text::new("Denmark", "丹麥").ja("デンマーク")),
    ("EE", Text::new("Estonia", "愛沙尼亞").ja("エストニア")),
    ("EG", Text::new("Egypt", "埃及").ja("エジプト")),
    ("ES", Text::new("Spain", "西班牙").ja("スペイン")),
    ("FI", Text::new("Finland", "芬蘭").ja("フィンランド")),
    ("FR", Text::new("France", "法國").ja("フランス")),
    ("GB", Text::new("United Kingdom", "英國").ja("イギリス")),
    ("GR", Text::new("Greece", "希臘").ja("ギリシャ")),
    ("HK", Text::new("Hong Kong", "香港").ja("香港")),
    ("HR", Text::new("Croatia", "克羅埃西亞").ja("クロアチア")),
    ("HU", Text::new("Hungary", "匈牙利").ja("ハンガリー")),
    ("ID", Text::new("Indonesia", "印尼").ja("インドネシア")),
    ("IE", Text::new("Ireland", "愛爾蘭").ja("アイルランド")),
    ("IL", Text::new("Israel", "以色列").ja("イスラエル")),
    ("IN", Text::new("India", "印度").ja("インド")),
    ("IS", Text::new("Iceland", "冰島").ja("アイスランド")),
    ("IT", Text::new("Italy", "義大利").ja("イタリア")),
    ("JP", Text::new("Japan", "日本").ja("日本")),
    ("KE", Text::new("Kenya", "肯亞").ja("ケニア")),
    ("KR", Text::new("South Korea", "韓國").ja("韓国")),
    (
        "LI",
        Text::new("Liechtenstein", "列支敦斯登").ja("リヒテンシュタイン"),
    ),
    ("LT", Text::new("Lithuania", "立陶宛").ja("リトアニア")),
    ("LU", Text::new("Luxembourg", "盧森堡").ja("ルクセンブルク")),
    ("LV", Text::new("Latvia", "拉脫維亞").ja("ラトビア")),
    ("MO", Text::new("Macao", "澳門").ja("マカオ")),
    ("MT", Text::new("Malta", "馬爾他").ja("マルタ")),
    ("MX", Text::new("Mexico", "墨西哥").ja("メキシコ")),
    ("MY", Text::new("Malaysia", "馬來西亞").ja("マレーシア")),
    ("NG", Text::new("Nigeria", "奈及利亞").ja("ナイジェリア")),
    ("NL", Text::new("Netherlands", "荷蘭").ja("オランダ")),
    ("NO", Text::new("Norway", "挪威").ja("ノルウェー")),
    (
        "NZ",
        Text::new("New Zealand", "紐西蘭").ja("ニュージーランド"),
    ),
    ("PE", Text::new("Peru", "秘魯").ja("ペルー")),
    ("PH", Text::new("Philippines", "菲律賓").ja("フィリピン")),
    ("PL", Text::new("Poland", "波蘭").ja("ポーランド")),
    ("PT", Text::new("Portugal", "葡萄牙").ja("ポルトガル")),
    ("RO", Text::new("Romania", "羅馬尼亞").ja("ルーマニア")),
    (
        "SA",
        Text::new("Saudi Arabia", "沙烏地阿拉伯").ja("サウジアラビア"),
    ),
    ("SE", Text::new("Sweden", "瑞典").ja("スウェーデン")),
    ("SG", Text::new("Singapore", "新加坡").ja("シンガポール")),
    ("SI", Text::new("Slovenia", "斯洛維尼亞").ja("スロベニア")),
    ("SK", Text::new("Slovakia", "斯洛伐克").ja("スロバキア")),
    ("TH", Text::new("Thailand", "泰國").ja("タイ")),
    ("TR", Text::new("Türkiye", "土耳其").ja("トルコ")),
    ("TW", Text::new("Taiwan", "臺灣").ja("台湾")),
    ("UA", Text::new("Ukraine", "烏克蘭").ja("ウクライナ")),
    (
        "US",
        Text::new("United States", "美國").ja("アメリカ合衆国"),
    ),
    ("VN", Text::new("Vietnam", "越南").ja("ベトナム")),
    ("ZA", Text::new("South Africa", "南非").ja("南アフリカ")),
];

/// The name of `country` in every language.
pub fn country_name(country: Country) -> Text {
    let code = country.code();
    NAMES
        .binary_search_by(|(c, _)| c.cmp(&code))
        .map(|i| NAMES[i].1)
        .expect("every country of the rules crate has a name (tested)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::Language;

    #[test]
    fn r_org_05_every_country_has_a_name_and_no_name_is_of_another_code() {
        let codes: Vec<&str> = NAMES.iter().map(|(c, _)| *c).collect();
        assert_eq!(codes, Country::all());
        let untranslated = crate::untranslated("countries", NAMES, Language::Ja);
        assert!(untranslated.is_empty());
    }

    #[test]
    fn r_org_05_country_names() {
        let name = |code: &str, lang| country_name(Country::parse(code).unwrap()).get(lang);
        assert_eq!(name(" tw ", Language::En), "Taiwan");
        assert_eq!(name("TW", Language::ZhTw), "臺灣");
        assert_eq!(name("AU", Language::ZhTw), "澳洲");
        assert_eq!(name("de", Language::ZhTw), "德國");
        assert_eq!(name("US", Language::En), "United States");
        assert_eq!(name("JP", Language::Ja), "日本");
    }
}
