//! `when` expressions: condition names combined with `and`, `or`, `not` and parentheses.
//!
//! Precedence is the usual one: `not` binds tightest, then `and`, then `or`. Parsing works on
//! the string's text and reports byte ranges inside it, so an error can point at the exact word.

use std::ops::Range;

use super::condition_set::ConditionSet;

/// A parsed expression whose leaves are condition names with their ranges in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ast {
    Name(String, Range<usize>),
    Not(Box<Ast>),
    And(Box<Ast>, Box<Ast>),
    Or(Box<Ast>, Box<Ast>),
}

/// A resolved expression over condition indices (declaration order), evaluated against the
/// set of conditions that hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    Condition(usize),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

impl Expr {
    pub fn eval(&self, state: ConditionSet) -> bool {
        match self {
            Expr::Condition(i) => state.holds(*i),
            Expr::Not(e) => !e.eval(state),
            Expr::And(a, b) => a.eval(state) && b.eval(state),
            Expr::Or(a, b) => a.eval(state) || b.eval(state),
        }
    }

    /// Calls `f` on each condition index the expression mentions.
    pub fn for_each_condition(&self, f: &mut impl FnMut(usize)) {
        match self {
            Expr::Condition(i) => f(*i),
            Expr::Not(e) => e.for_each_condition(f),
            Expr::And(a, b) | Expr::Or(a, b) => {
                a.for_each_condition(f);
                b.for_each_condition(f);
            }
        }
    }
}

impl Ast {
    /// Resolves names to condition indices; unknown names are returned with their ranges.
    pub fn resolve(
        &self,
        lookup: &impl Fn(&str) -> Option<usize>,
    ) -> Result<Expr, Vec<(String, Range<usize>)>> {
        match self {
            Ast::Name(name, range) => lookup(name)
                .map(Expr::Condition)
                .ok_or_else(|| vec![(name.clone(), range.clone())]),
            Ast::Not(e) => Ok(Expr::Not(Box::new(e.resolve(lookup)?))),
            Ast::And(a, b) | Ast::Or(a, b) => {
                let (a, b) = (a.resolve(lookup), b.resolve(lookup));
                match (a, b) {
                    (Ok(a), Ok(b)) => Ok(if matches!(self, Ast::And(..)) {
                        Expr::And(Box::new(a), Box::new(b))
                    } else {
                        Expr::Or(Box::new(a), Box::new(b))
                    }),
                    (Err(mut x), Err(y)) => {
                        x.extend(y);
                        Err(x)
                    }
                    (Err(x), _) | (_, Err(x)) => Err(x),
                }
            }
        }
    }
}

/// A syntax error: what is wrong and where in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Name(String),
    And,
    Or,
    Not,
    Open,
    Close,
}

/// Deepest nesting accepted, so a hostile expression cannot exhaust the stack.
const MAX_DEPTH: usize = 64;
/// Longest expression accepted, in words and parentheses; it also bounds the depth of
/// `a or b or …` chains, which evaluation walks recursively.
pub const MAX_TOKENS: usize = 256;

pub fn parse(text: &str) -> Result<Ast, SyntaxError> {
    let tokens = tokenize(text)?;
    let mut parser = Parser {
        tokens,
        position: 0,
        end: text.len(),
        depth: 0,
    };
    if parser.tokens.is_empty() {
        return Err(SyntaxError {
            message: "the expression is empty".into(),
            range: 0..text.len(),
        });
    }
    let ast = parser.or()?;
    if let Some((token, range)) = parser.tokens.get(parser.position) {
        let message = match token {
            Token::Close => "this `)` has no matching `(`".to_string(),
            Token::Name(name) => format!("expected `and` or `or` before `{name}`"),
            _ => "unexpected text after a complete expression".to_string(),
        };
        return Err(SyntaxError {
            message,
            range: range.clone(),
        });
    }
    Ok(ast)
}

/// The words and parentheses of `text`; more than [`MAX_TOKENS`] is an error found as soon as
/// the limit is passed, so a huge expression costs no more memory than a long one.
fn tokenize(text: &str) -> Result<Vec<(Token, Range<usize>)>, SyntaxError> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if tokens.len() > MAX_TOKENS {
            return Err(too_long(text));
        }
        if c.is_whitespace() {
            chars.next();
        } else if c == '(' || c == ')' {
            chars.next();
            let token = if c == '(' { Token::Open } else { Token::Close };
            tokens.push((token, start..start + 1));
        } else if c.is_ascii_alphanumeric() || c == '_' {
            let mut end = start;
            while let Some(&(i, c)) = chars.peek() {
                if c.is_ascii_alphanumeric() || c == '_' {
                    end = i + c.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let word = &text[start..end];
            let token = match word {
                "and" => Token::And,
                "or" => Token::Or,
                "not" => Token::Not,
                _ => Token::Name(word.to_string()),
            };
            tokens.push((token, start..end));
        } else {
            let hint = match c {
                '&' => " (write `and`)",
                '|' => " (write `or`)",
                '!' => " (write `not`)",
                _ => "",
            };
            return Err(SyntaxError {
                message: format!("unexpected `{c}`{hint}"),
                range: start..start + c.len_utf8(),
            });
        }
    }
    if tokens.len() > MAX_TOKENS {
        return Err(too_long(text));
    }
    Ok(tokens)
}

fn too_long(text: &str) -> SyntaxError {
    SyntaxError {
        message: format!("the expression is longer than {MAX_TOKENS} words"),
        range: 0..text.len(),
    }
}

struct Parser {
    tokens: Vec<(Token, Range<usize>)>,
    position: usize,
    end: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.position).map(|(t, _)| t)
    }

    fn or(&mut self) -> Result<Ast, SyntaxError> {
        let mut left = self.and()?;
        while self.peek() == Some(&Token::Or) {
            self.position += 1;
            let right = self.and()?;
            left = Ast::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Ast, SyntaxError> {
        let mut left = self.not()?;
        while self.peek() == Some(&Token::And) {
            self.position += 1;
            let right = self.not()?;
            left = Ast::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Ast, SyntaxError> {
        if self.peek() == Some(&Token::Not) {
            self.position += 1;
            self.descend()?;
            let inner = self.not()?;
            self.depth -= 1;
            return Ok(Ast::Not(Box::new(inner)));
        }
        self.atom()
    }

    fn descend(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let range = self
                .tokens
                .get(self.position.saturating_sub(1))
                .map_or(0..self.end, |(_, r)| r.clone());
            return Err(SyntaxError {
                message: format!("the expression nests deeper than {MAX_DEPTH} levels"),
                range,
            });
        }
        Ok(())
    }

    fn atom(&mut self) -> Result<Ast, SyntaxError> {
        let Some((token, range)) = self.tokens.get(self.position).cloned() else {
            return Err(SyntaxError {
                message: "the expression ends where a condition name was expected".into(),
                range: self.end..self.end,
            });
        };
        self.position += 1;
        match token {
            Token::Name(name) => Ok(Ast::Name(name, range)),
            Token::Open => {
                self.descend()?;
                let inner = self.or()?;
                self.depth -= 1;
                match self.tokens.get(self.position) {
                    Some((Token::Close, _)) => {
                        self.position += 1;
                        Ok(inner)
                    }
                    _ => Err(SyntaxError {
                        message: "this `(` is never closed".into(),
                        range,
                    }),
                }
            }
            Token::Close => Err(SyntaxError {
                message: "expected a condition name before `)`".into(),
                range,
            }),
            Token::And | Token::Or => Err(SyntaxError {
                message: format!(
                    "expected a condition name before `{}`",
                    if token == Token::And { "and" } else { "or" }
                ),
                range,
            }),
            Token::Not => unreachable_not(range),
        }
    }
}

// `not` is consumed by `Parser::not` before `atom` is reached; treat a stray one as a syntax
// error rather than trusting that invariant with a panic.
fn unreachable_not(range: Range<usize>) -> Result<Ast, SyntaxError> {
    Err(SyntaxError {
        message: "unexpected `not`".into(),
        range,
    })
}

#[cfg(test)]
#[path = "expr_tests.rs"]
mod tests;
