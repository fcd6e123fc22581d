//! CSV downloads: UTF-8 with a byte-order mark (so Excel shows Chinese names),
//! CRLF line ends, fields quoted when they need it (RFC 4180).

pub fn to_csv<R, F>(header: &[&str], rows: R) -> String
where
    R: IntoIterator<Item = Vec<F>>,
    F: AsRef<str>,
{
    let mut out = String::from('\u{feff}');
    push_row(&mut out, header.iter());
    for row in rows {
        push_row(&mut out, row.iter());
    }
    out
}

fn push_row<I, F>(out: &mut String, fields: I)
where
    I: Iterator<Item = F>,
    F: AsRef<str>,
{
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let field = field.as_ref();
        // A leading = + - @ would be run as a formula by spreadsheet programs.
        let formula = field.starts_with(['=', '+', '-', '@']);
        if formula || field.contains([',', '"', '\n', '\r']) {
            out.push('"');
            if formula {
                out.push('\'');
            }
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_with_bom_and_quotes_what_needs_it() {
        let csv = to_csv(
            &["a", "b"],
            vec![vec!["台灣精密工業", "x,y"], vec!["say \"hi\"", "=1+1"]],
        );
        assert_eq!(
            csv,
            "\u{feff}a,b\r\n台灣精密工業,\"x,y\"\r\n\"say \"\"hi\"\"\",\"'=1+1\"\r\n"
        );
    }
}
