//! The variables grammar, as serverless@3.40.0's `parse.js` reads a string: every `${...}` with
//! its sources (`type:address`, `type(params):address`, literals), nested variables in params
//! and addresses, and the `\${` escapes. It is a port of that state machine, quirks included:
//! a `${` that does not start like a variable (`${ foo}`, `${Foo}`) is left as text ("foreign"),
//! an unclosed `${` is an error only once a source type was read, and `0`/`false` params read as
//! `null`. Ranges are byte offsets in the parsed (cooked) string.

use super::codes::VariableCode;
use super::js;
use crate::{TextRange, TextSize};

/// A literal value written in a variable: a fallback (`${opt:x, 5}`) or a param.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
}

/// The variables of a string, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Variables {
    pub items: Vec<Item>,
    /// One variable spans the whole string (`${self:x}`): its value replaces the string
    /// as-is, keeping its type.
    pub whole: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub range: TextRange,
    pub kind: ItemKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ItemKind {
    /// `\${` (and the backslashes before a `${`): replaced by this text.
    Escape(String),
    /// `${first, fallback, ...}`.
    Variable(Vec<Source>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    Typed(TypedSource),
    Literal(LiteralSource),
}

/// `name:address` or `name(params):address`.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedSource {
    pub name: String,
    pub name_range: TextRange,
    pub params: Option<Vec<Meta>>,
    pub address: Option<Meta>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LiteralSource {
    pub value: Literal,
    pub range: TextRange,
}

/// A param or an address: a literal, or text with variables of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub range: TextRange,
    /// The literal, or for text with variables the text as written (`custom.${sls:stage}`).
    pub value: Literal,
    pub variables: Option<Variables>,
}

/// Broken variable syntax: the framework's message (with its UTF-16 index) and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub code: VariableCode,
    pub message: String,
    pub range: TextRange,
}

impl Variables {
    /// Every variable (not escape) at this level, with its sources.
    pub fn variables(&self) -> impl Iterator<Item = (TextRange, &[Source])> {
        self.items.iter().filter_map(|item| match &item.kind {
            ItemKind::Variable(sources) => Some((item.range, sources.as_slice())),
            ItemKind::Escape(_) => None,
        })
    }
}

/// Parses the variables of `value`: `Ok(None)` when it has none.
pub fn parse(value: &str) -> Result<Option<Variables>, SyntaxError> {
    let mut parser = Parser::new(value);
    parser.run()?;
    let Some(list) = parser.variables else {
        return Ok(None);
    };
    let items = std::mem::take(&mut parser.lists[list]);
    Ok(normalize(value, 0, items))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Out,
    EscapeVar,
    EscapeVarDollar,
    MaybeVariableOpen,
    MaybeTypeStart,
    MaybeNextSourceStart,
    MaybeType,
    TypeOrSourceLiteral,
    ParamStart,
    Param,
    AfterParamString,
    MaybeAddressOpen,
    MaybeAddressStart,
    Address,
    AfterAddressString,
    AfterSourceLiteralString,
    Foreign,
    EscapeString,
    DoubleQuotedString,
    SingleQuotedString,
}

/// What `registerContext` saves: the state of the enclosing variable (or foreign text).
struct Frame {
    state: State,
    variable_start: usize,
    context_start: usize,
    variables: Option<usize>,
    context_variables: Option<usize>,
    current_source: Option<Source>,
    sources: Option<Vec<Source>>,
}

/// The JavaScript globals of parse.js. Variable lists are shared by reference there (a nested
/// variable is pushed to a list its enclosing param also holds), so they live in `lists` and
/// are referred to by index.
struct Parser<'a> {
    value: &'a str,
    index: usize,
    ch: char,
    state: State,
    string_context: State,
    lists: Vec<Vec<Item>>,
    variables: Option<usize>,
    context_variables: Option<usize>,
    sources: Option<Vec<Source>>,
    frames: Vec<Frame>,
    current_source: Option<Source>,
    context_start: usize,
    escape_var_start: Option<usize>,
    variable_start: usize,
    source_start: usize,
    param_start: usize,
    address_start: usize,
}

fn is_alpha(c: char) -> bool {
    c.is_ascii_lowercase()
}

fn is_alpha_numeric(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '.' || c == '-'
}

/// `/^[a-z][a-zA-Z0-9]*$/`
fn is_type(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase()) && chars.all(|c| c.is_ascii_alphanumeric())
}

fn range(start: usize, end: usize) -> TextRange {
    TextRange::new(
        TextSize::from(start as u32),
        TextSize::from(end.max(start) as u32),
    )
}

fn is_falsy(value: &Literal) -> bool {
    match value {
        Literal::Null => true,
        Literal::Bool(b) => !b,
        Literal::Number(n) => *n == 0.0 || n.is_nan(),
        Literal::String(s) => s.is_empty(),
    }
}

/// `normalizeMetaVariables`: no items is no variables; one item spanning the whole text is
/// `whole`. `base` is where `text` starts in the parsed string.
fn normalize(text: &str, base: usize, items: Vec<Item>) -> Option<Variables> {
    if items.is_empty() {
        return None;
    }
    let whole = items.len() == 1 && {
        let r = items[0].range;
        usize::from(r.start()) == base && usize::from(r.end()) == base + text.len()
    };
    Some(Variables { items, whole })
}

impl<'a> Parser<'a> {
    fn new(value: &'a str) -> Self {
        Parser {
            value,
            index: 0,
            ch: '\0',
            state: State::Out,
            string_context: State::Out,
            lists: Vec::new(),
            variables: None,
            context_variables: None,
            sources: None,
            frames: Vec::new(),
            current_source: None,
            context_start: 0,
            escape_var_start: None,
            variable_start: 0,
            source_start: 0,
            param_start: 0,
            address_start: 0,
        }
    }

    fn error(&self, code: VariableCode, what: &str, at: usize) -> SyntaxError {
        let message = format!(
            "Invalid variable {what} at index {} in \"{}\"",
            js::utf16_index(self.value, at),
            self.value
        );
        SyntaxError {
            code,
            message,
            range: range(at, self.index + self.ch.len_utf8()),
        }
    }

    fn new_list(&mut self) -> usize {
        self.lists.push(Vec::new());
        self.lists.len() - 1
    }

    fn push_item(&mut self, item: Item) {
        let list = match self.variables {
            Some(list) => list,
            None => {
                let list = self.new_list();
                self.variables = Some(list);
                list
            }
        };
        self.lists[list].push(item);
    }

    fn in_variable_context(&self) -> bool {
        self.frames.iter().any(|f| f.state != State::Foreign)
    }

    fn typed_source_mut(&mut self) -> Option<&mut TypedSource> {
        match &mut self.current_source {
            Some(Source::Typed(t)) => Some(t),
            _ => None,
        }
    }

    fn finalize_source(&mut self) {
        if let Some(source) = self.current_source.take() {
            self.sources.get_or_insert_with(Vec::new).push(source);
        }
        self.state = State::MaybeNextSourceStart;
    }

    fn finalize_variable(&mut self) {
        self.finalize_source();
        let sources = self.sources.take().unwrap_or_default();
        self.push_item(Item {
            range: range(self.variable_start, self.index + 1),
            kind: ItemKind::Variable(sources),
        });
        self.release_context();
    }

    /// `n` backslashes then `${`: an odd count escapes the variable.
    fn escape_backslashes(&self, escape_start: usize) -> String {
        let count = self.index - 1 - escape_start;
        "\\".repeat(count / 2)
    }

    fn register_var_escape(&mut self) {
        let start = self.escape_var_start.take().unwrap_or(self.index - 1);
        let text = format!("{}$", self.escape_backslashes(start));
        self.push_item(Item {
            range: range(start, self.index),
            kind: ItemKind::Escape(text),
        });
    }

    fn register_slash_escape(&mut self) {
        let start = self.escape_var_start.take().unwrap_or(self.index - 1);
        // ceil((n - 1) / 2) of the n backslashes survive, here n is even.
        let text = self.escape_backslashes(start);
        self.push_item(Item {
            range: range(start, self.index - 1),
            kind: ItemKind::Escape(text),
        });
    }

    fn register_context(&mut self, new_context_start: usize) {
        if self.variables.is_none() {
            self.variables = Some(self.new_list());
        }
        if new_context_start != 0 && self.context_variables.is_none() {
            self.context_variables = Some(self.new_list());
        }
        self.frames.push(Frame {
            state: self.state,
            variable_start: self.variable_start,
            context_start: self.context_start,
            variables: self.variables,
            context_variables: self.context_variables,
            current_source: self.current_source.clone(),
            sources: self.sources.take(),
        });
        self.state = State::MaybeVariableOpen;
        self.variable_start = self.index;
        if new_context_start != 0 {
            self.context_start = new_context_start;
            self.variables = self.context_variables;
        }
    }

    fn release_context(&mut self) {
        let Some(frame) = self.frames.pop() else {
            self.state = State::Out;
            return;
        };
        self.state = frame.state;
        self.variable_start = frame.variable_start;
        self.variables = frame.variables;
        self.context_variables = frame.context_variables;
        self.current_source = frame.current_source;
        self.sources = frame.sources;
        if self.state == State::Param {
            self.param_start = self.context_start;
        }
        if self.state == State::Address {
            self.address_start = self.context_start;
        }
        self.context_start = frame.context_start;
    }

    /// `generateMeta`: the text's variables were collected in `context_variables`.
    fn generate_meta(&mut self, start: usize, value: Literal, with_variables: bool) -> Meta {
        let text_len = match &value {
            Literal::String(s) => s.len(),
            _ => self.value[start..self.index]
                .trim_end_matches(js::is_js_whitespace)
                .len(),
        };
        let variables = match (with_variables, self.context_variables) {
            (true, Some(list)) => {
                let items = self.lists[list].clone();
                match &value {
                    Literal::String(s) => normalize(s, start, items),
                    _ => None,
                }
            }
            _ => None,
        };
        let value = if is_falsy(&value) {
            Literal::Null
        } else {
            value
        };
        Meta {
            range: range(start, start + text_len),
            value,
            variables,
        }
    }

    fn parse_string(&self, start: usize) -> Result<Literal, SyntaxError> {
        let slice = &self.value[start..self.index];
        if slice.starts_with('\'') {
            let trimmed = slice.trim_matches(js::is_js_whitespace);
            let inner = trimmed
                .get(1..trimmed.len().saturating_sub(1))
                .unwrap_or("");
            return Ok(Literal::String(inner.to_owned()));
        }
        serde_json::from_str::<String>(slice)
            .map(Literal::String)
            .map_err(|error| SyntaxError {
                code: VariableCode::InvalidStringLiteral,
                message: format!(
                    "Invalid string literal at index {} in \"{}\": {error}",
                    js::utf16_index(self.value, start),
                    self.value
                ),
                range: range(start, self.index),
            })
    }

    fn parse_literal_source(
        &self,
        literal: &str,
        fallback_to_input: bool,
    ) -> Result<Literal, SyntaxError> {
        Ok(match literal {
            "true" => Literal::Bool(true),
            "false" => Literal::Bool(false),
            "null" => Literal::Null,
            _ => {
                let number = js::string_to_number(literal);
                if !number.is_nan() {
                    Literal::Number(number)
                } else if fallback_to_input {
                    Literal::String(literal.to_owned())
                } else {
                    return Err(SyntaxError {
                        code: VariableCode::InvalidLiteralSource,
                        message: format!(
                            "Invalid literal source \"{literal}\" at index {} in \"{}\"",
                            js::utf16_index(self.value, self.source_start),
                            self.value
                        ),
                        range: range(self.source_start, self.index),
                    });
                }
            }
        })
    }

    fn trimmed(&self, start: usize) -> &'a str {
        self.value[start..self.index].trim_matches(js::is_js_whitespace)
    }

    /// A param written without quotes ends here (at `)` or `,`).
    fn push_unquoted_param(&mut self) -> Result<(), SyntaxError> {
        let text = self.trimmed(self.param_start);
        let has_variables = self.context_variables.is_some();
        let value = if has_variables {
            Literal::String(text.to_owned())
        } else {
            self.parse_literal_source(text, true)?
        };
        let meta = self.generate_meta(self.param_start, value, has_variables);
        if let Some(t) = self.typed_source_mut() {
            t.params.get_or_insert_with(Vec::new).push(meta);
        }
        Ok(())
    }

    fn push_string_param(&mut self) -> Result<(), SyntaxError> {
        let value = self.parse_string(self.param_start)?;
        let end = self.param_start + self.trimmed(self.param_start).len();
        let meta = Meta {
            range: range(self.param_start, end),
            value,
            variables: None,
        };
        if let Some(t) = self.typed_source_mut() {
            t.params.get_or_insert_with(Vec::new).push(meta);
        }
        Ok(())
    }

    fn set_unquoted_address(&mut self) {
        let text = self.trimmed(self.address_start).to_owned();
        let meta = self.generate_meta(self.address_start, Literal::String(text), true);
        if let Some(t) = self.typed_source_mut() {
            t.address = Some(meta);
        }
    }

    fn set_string_address(&mut self) -> Result<(), SyntaxError> {
        let value = self.parse_string(self.address_start)?;
        let end = self.address_start + self.trimmed(self.address_start).len();
        let meta = Meta {
            range: range(self.address_start, end),
            value,
            variables: None,
        };
        if let Some(t) = self.typed_source_mut() {
            t.address = Some(meta);
        }
        Ok(())
    }

    fn start_typed_source(&mut self, with_params: bool) {
        self.current_source = Some(Source::Typed(TypedSource {
            name: self.value[self.source_start..self.index].to_owned(),
            name_range: range(self.source_start, self.index),
            params: with_params.then(Vec::new),
            address: None,
        }));
    }

    fn run(&mut self) -> Result<(), SyntaxError> {
        let value = self.value;
        for (index, ch) in value.char_indices() {
            self.index = index;
            self.ch = ch;
            self.step(ch)?;
        }
        self.index = value.len();
        self.ch = '\0';
        if self.current_source.is_some() || self.sources.is_some() {
            let start = self.frames.first().map_or(self.variable_start, |f| {
                f.variable_start.min(self.variable_start)
            });
            return Err(SyntaxError {
                code: VariableCode::Unterminated,
                message: format!("Missing variable closing bracket in {value}"),
                range: range(start, value.len()),
            });
        }
        Ok(())
    }

    fn step(&mut self, ch: char) -> Result<(), SyntaxError> {
        let index = self.index;
        match self.state {
            State::Out => {
                if ch == '\\' {
                    self.escape_var_start.get_or_insert(index);
                    self.state = State::EscapeVar;
                } else if ch == '$' {
                    self.variable_start = index;
                    self.state = State::MaybeVariableOpen;
                } else {
                    self.escape_var_start = None;
                }
            }
            State::EscapeVar => {
                if ch == '$' {
                    self.state = State::EscapeVarDollar;
                } else {
                    if ch != '\\' {
                        self.escape_var_start = None;
                    }
                    self.state = State::Out;
                }
            }
            State::EscapeVarDollar => {
                if ch == '{' {
                    self.register_var_escape();
                    self.state = State::Out;
                } else {
                    self.escape_var_start = None;
                    if ch == '\\' {
                        self.escape_var_start = Some(index);
                        self.state = State::EscapeVar;
                    } else if ch == '$' {
                        self.variable_start = index;
                        self.state = State::MaybeVariableOpen;
                    } else {
                        self.state = State::Out;
                    }
                }
            }
            State::MaybeVariableOpen => {
                if ch == '{' {
                    if self.escape_var_start.is_some() {
                        self.register_slash_escape();
                    }
                    self.state = State::MaybeTypeStart;
                } else {
                    self.escape_var_start = None;
                    if ch != '$' {
                        self.release_context();
                    }
                }
            }
            State::MaybeTypeStart => {
                if is_alpha(ch) {
                    self.source_start = index;
                    self.state = State::MaybeType;
                } else if self.in_variable_context() {
                    return Err(self.error(VariableCode::InvalidType, "type", index));
                } else if ch == '}' {
                    self.release_context();
                } else {
                    self.state = State::Foreign;
                    if ch == '$' {
                        self.register_context(self.context_start);
                    }
                }
            }
            State::MaybeNextSourceStart => {
                if ch == ' ' {
                    return Ok(());
                }
                self.source_start = index;
                if is_alpha_numeric(ch) {
                    self.state = State::TypeOrSourceLiteral;
                } else if ch == '"' {
                    self.string_context = State::AfterSourceLiteralString;
                    self.state = State::DoubleQuotedString;
                } else if ch == '\'' {
                    self.string_context = State::AfterSourceLiteralString;
                    self.state = State::SingleQuotedString;
                } else {
                    return Err(self.error(VariableCode::InvalidSource, "source", index));
                }
            }
            State::MaybeType => {
                if ch == ':' {
                    self.start_typed_source(false);
                    self.state = State::MaybeAddressStart;
                } else if ch == '(' {
                    self.start_typed_source(true);
                    self.state = State::ParamStart;
                } else if !is_alpha_numeric(ch) {
                    if self.in_variable_context() {
                        return Err(self.error(
                            VariableCode::InvalidType,
                            "type",
                            self.source_start,
                        ));
                    }
                    if ch == '}' {
                        self.release_context();
                    } else {
                        self.state = State::Foreign;
                        if ch == '$' {
                            self.register_context(self.context_start);
                        }
                    }
                }
            }
            State::TypeOrSourceLiteral => {
                if ch == ' ' {
                    return Ok(());
                }
                if ch == ':' || ch == '(' {
                    if !is_type(&self.value[self.source_start..index]) {
                        return Err(self.error(
                            VariableCode::InvalidSource,
                            "source",
                            self.source_start,
                        ));
                    }
                    self.start_typed_source(ch == '(');
                    self.state = if ch == ':' {
                        State::MaybeAddressStart
                    } else {
                        State::ParamStart
                    };
                } else if ch == '}' {
                    let literal = self.trimmed(self.source_start);
                    let value = self.parse_literal_source(literal, false)?;
                    let end = self.source_start + literal.len();
                    self.current_source = Some(Source::Literal(LiteralSource {
                        value,
                        range: range(self.source_start, end),
                    }));
                    self.finalize_variable();
                } else if !is_alpha_numeric(ch) {
                    return Err(self.error(
                        VariableCode::InvalidSource,
                        "source",
                        self.source_start,
                    ));
                }
            }
            State::ParamStart => {
                if ch == ' ' {
                    return Ok(());
                }
                if ch == ')' {
                    self.state = State::MaybeAddressOpen;
                } else if ch == ',' {
                    let meta = Meta {
                        range: range(index, index),
                        value: Literal::Null,
                        variables: None,
                    };
                    if let Some(t) = self.typed_source_mut() {
                        t.params.get_or_insert_with(Vec::new).push(meta);
                    }
                } else if ch == '}' {
                    return Err(self.error(VariableCode::InvalidParam, "param", index));
                } else {
                    self.param_start = index;
                    if ch == '"' {
                        self.string_context = State::AfterParamString;
                        self.state = State::DoubleQuotedString;
                    } else if ch == '\'' {
                        self.string_context = State::AfterParamString;
                        self.state = State::SingleQuotedString;
                    } else {
                        self.state = State::Param;
                        self.context_variables = None;
                        if ch == '$' {
                            self.register_context(self.param_start);
                        }
                    }
                }
            }
            State::Param => {
                if ch == ')' {
                    if !self.trimmed(self.param_start).is_empty() {
                        self.push_unquoted_param()?;
                    }
                    self.state = State::MaybeAddressOpen;
                } else if ch == ',' {
                    self.push_unquoted_param()?;
                    self.state = State::ParamStart;
                } else if ch == '}' {
                    return Err(self.error(VariableCode::InvalidParam, "param", self.param_start));
                } else if ch == '$' {
                    self.register_context(self.param_start);
                }
            }
            State::AfterParamString => {
                if ch == ' ' {
                    return Ok(());
                }
                if ch == ')' {
                    self.push_string_param()?;
                    self.state = State::MaybeAddressOpen;
                } else if ch == ',' {
                    self.push_string_param()?;
                    self.state = State::ParamStart;
                } else {
                    return Err(self.error(VariableCode::InvalidParam, "param", self.param_start));
                }
            }
            State::MaybeAddressOpen => {
                if ch == ' ' {
                    return Ok(());
                }
                if ch == ':' {
                    self.state = State::MaybeAddressStart;
                } else if ch == '}' {
                    self.finalize_variable();
                } else if ch == ',' {
                    self.finalize_source();
                } else {
                    return Err(self.error(VariableCode::InvalidAddress, "address", index));
                }
            }
            State::MaybeAddressStart => {
                if ch == ' ' {
                    return Ok(());
                }
                if ch == '}' {
                    self.finalize_variable();
                } else if ch == ',' {
                    self.finalize_source();
                } else {
                    self.address_start = index;
                    if ch == ':' {
                        let has_params = matches!(&self.current_source, Some(Source::Typed(t)) if t.params.is_some());
                        if !has_params && !self.in_variable_context() {
                            self.current_source = None;
                            self.state = State::Foreign;
                        } else {
                            return Err(self.error(
                                VariableCode::InvalidAddress,
                                "address",
                                self.address_start,
                            ));
                        }
                    } else if ch == '"' {
                        self.string_context = State::AfterAddressString;
                        self.state = State::DoubleQuotedString;
                    } else if ch == '\'' {
                        self.string_context = State::AfterAddressString;
                        self.state = State::SingleQuotedString;
                    } else {
                        self.state = State::Address;
                        self.context_variables = None;
                        if ch == '$' {
                            self.register_context(self.address_start);
                        }
                    }
                }
            }
            State::Address => {
                if ch == '}' {
                    self.set_unquoted_address();
                    self.finalize_variable();
                } else if ch == '$' {
                    self.register_context(self.address_start);
                } else if ch == ',' {
                    self.set_unquoted_address();
                    self.finalize_source();
                }
            }
            State::AfterAddressString => {
                if ch == ' ' {
                    return Ok(());
                }
                if ch == '}' {
                    self.set_string_address()?;
                    self.finalize_variable();
                } else if ch == ',' {
                    self.set_string_address()?;
                    self.finalize_source();
                } else {
                    return Err(self.error(
                        VariableCode::InvalidAddress,
                        "address",
                        self.address_start,
                    ));
                }
            }
            State::AfterSourceLiteralString => {
                if ch == ' ' {
                    return Ok(());
                }
                if ch == '}' {
                    let value = self.parse_string(self.source_start)?;
                    let end = self.source_start + self.trimmed(self.source_start).len();
                    self.current_source = Some(Source::Literal(LiteralSource {
                        value,
                        range: range(self.source_start, end),
                    }));
                    self.finalize_variable();
                } else {
                    return Err(self.error(
                        VariableCode::InvalidSource,
                        "source",
                        self.source_start,
                    ));
                }
            }
            State::Foreign => {
                if ch == '}' {
                    self.release_context();
                } else if ch == '$' {
                    self.register_context(self.context_start);
                }
            }
            State::EscapeString => self.state = State::DoubleQuotedString,
            State::DoubleQuotedString => {
                if ch == '"' {
                    self.state = self.string_context;
                } else if ch == '\\' {
                    self.state = State::EscapeString;
                }
            }
            State::SingleQuotedString => {
                if ch == '\'' {
                    self.state = self.string_context;
                }
            }
        }
        Ok(())
    }
}
