/**
 * The `-android uiautomator` locator strategy: a real (small) tokenizer and recursive-descent parser for the
 * Java UiSelector / UiScrollable expressions clients send, and their evaluation against a UiNode tree.
 *
 * Grammar (`new` is optional everywhere):
 *   query      := expression (';' expression)* ';'?            — alternatives, OR-ed
 *   expression := uiSelector | 'new' 'UiScrollable' '(' uiSelector ')' ('.' scrollMethod)*
 *   uiSelector := 'new' 'UiSelector' '(' ')' ('.' method '(' args ')')*
 *   arg        := string | integer | true | false | uiSelector
 */
import { errors } from '@appium/base-driver';
import type { UiNode } from './node.ts';
import { walk } from './node.ts';
import { isEnabled, isFocusable } from './page-source.ts';

/** Nodes matching a `-android uiautomator` expression, in document order, without duplicates. */
export function findByUiAutomator(root: UiNode, expression: string): UiNode[] {
  const selectors = parseUiAutomator(expression);
  const tree = new TreeIndex(root);
  const found = new Set<UiNode>();
  for (const selector of selectors) for (const node of resolve(selector, tree.nodes, tree)) found.add(node);
  return tree.inOrder(found);
}

/** One parsed UiSelector: AND-ed criteria, an optional instance, and an optional hop to children or siblings. */
export interface UiSelector {
  /** Criteria by method name: calling the same method twice keeps the last call, as in Java. */
  criteria: Map<string, Criterion>;
  instance?: number;
  relation?: { kind: 'child' | 'parent'; selector: UiSelector };
}

export type Criterion = (node: UiNode, tree: TreeIndex) => boolean;

/** Parses an expression into its alternatives (the `;`-separated selectors). Throws InvalidSelectorError. */
export function parseUiAutomator(expression: string): UiSelector[] {
  return new Parser(expression).query();
}

// ---------------------------------------------------------------------------------------------------------
// Evaluation

/** Parents, sibling positions and document order of a tree, computed once per lookup. */
export class TreeIndex {
  readonly nodes: UiNode[] = [];
  private readonly order = new Map<UiNode, number>();
  private readonly parents = new Map<UiNode, UiNode>();
  private readonly positions = new Map<UiNode, number>();

  constructor(root: UiNode) {
    for (const node of walk(root)) {
      this.order.set(node, this.nodes.length);
      this.nodes.push(node);
      node.children.forEach((child, i) => {
        this.parents.set(child, node);
        this.positions.set(child, i);
      });
    }
  }

  parent(node: UiNode): UiNode | undefined {
    return this.parents.get(node);
  }

  /** Position among the siblings (0 for the root). */
  position(node: UiNode): number {
    return this.positions.get(node) ?? 0;
  }

  /** Every node below `node`, in document order. */
  descendants(node: UiNode): UiNode[] {
    return node.children.flatMap((child) => [...walk(child)]);
  }

  inOrder(nodes: Iterable<UiNode>): UiNode[] {
    return [...new Set(nodes)].sort((a, b) => (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0));
  }
}

/** The nodes among `candidates` (document order) that `selector` picks. */
function resolve(selector: UiSelector, candidates: readonly UiNode[], tree: TreeIndex): UiNode[] {
  let matches = candidates.filter((node) => [...selector.criteria.values()].every((test) => test(node, tree)));
  if (selector.instance !== undefined) {
    const picked = matches[selector.instance];
    matches = picked === undefined ? [] : [picked];
  }
  const relation = selector.relation;
  if (relation === undefined) return matches;
  // childSelector: search below each match; fromParent: search below each match's parent (its siblings and
  // their subtrees). The inner selector's instance() counts across the whole scope, as UiAutomator's does.
  const anchors =
    relation.kind === 'child'
      ? matches
      : matches.map((node) => tree.parent(node)).filter((node): node is UiNode => node !== undefined);
  const scope = tree.inOrder(anchors.flatMap((node) => tree.descendants(node)));
  return resolve(relation.selector, scope, tree);
}

// ---------------------------------------------------------------------------------------------------------
// UiSelector methods

const text = (node: UiNode): string => node.text ?? '';
const description = (node: UiNode): string => node.contentDesc ?? '';
const resourceId = (node: UiNode): string => node.resourceId ?? '';
const className = (node: UiNode): string => node.className;
const packageName = (node: UiNode): string => node.packageName;

type Read = (node: UiNode) => string;

const STRING_METHODS: Readonly<Record<string, (value: string) => Criterion>> = {
  text: (value) => (node) => text(node) === value,
  textContains: (value) => (node) => text(node).includes(value),
  textStartsWith: (value) => (node) => text(node).startsWith(value),
  description: (value) => (node) => description(node) === value,
  descriptionContains: (value) => (node) => description(node).includes(value),
  descriptionStartsWith: (value) => (node) => description(node).startsWith(value),
  resourceId: (value) => (node) => resourceId(node) === value,
  className: (value) => (node) => className(node) === value,
  packageName: (value) => (node) => packageName(node) === value,
};

const REGEX_METHODS: Readonly<Record<string, Read>> = {
  textMatches: text,
  descriptionMatches: description,
  resourceIdMatches: resourceId,
  classNameMatches: className,
  packageNameMatches: packageName,
};

const BOOLEAN_METHODS: Readonly<Record<string, (node: UiNode) => boolean>> = {
  checked: (node) => node.checked === true,
  checkable: (node) => node.checkable === true,
  clickable: (node) => node.clickable === true,
  enabled: isEnabled,
  focusable: isFocusable,
  focused: () => false,
  longClickable: () => false,
  scrollable: (node) => node.scrollable === true,
  selected: (node) => node.selected === true,
};

/** UiScrollable methods that only tune scrolling; our screens never scroll, so they change nothing. */
const SCROLL_SETTINGS = new Set(['setAsVerticalList', 'setAsHorizontalList', 'setMaxSearchSwipes']);

/**
 * A Java regex as a JS one matching the whole value (`Matcher.matches()`), with UiSelector's DOTALL.
 * Leading inline flags such as `(?i)` become JS flags; the other Java-only syntax is not translated.
 */
function javaRegex(source: string): RegExp {
  let flags = 's';
  let body = source;
  const inline = /^\(\?([a-zA-Z]+)\)/.exec(source);
  if (inline) {
    for (const flag of inline[1] ?? '') {
      if (flag === 'i' || flag === 'm') flags += flags.includes(flag) ? '' : flag;
      else if (flag !== 's' && flag !== 'u' && flag !== 'd') throw new Error(`unsupported inline flag (?${flag})`);
    }
    body = source.slice(inline[0].length);
  }
  // Anchored with lookarounds rather than ^ and $, which the m flag would turn into line anchors.
  return new RegExp(`(?<![\\s\\S])(?:${body})(?![\\s\\S])`, flags);
}

// ---------------------------------------------------------------------------------------------------------
// Tokenizer

type TokenKind = 'identifier' | 'string' | 'number' | 'punctuation' | 'end';

interface Token {
  kind: TokenKind;
  /** Identifier name, decoded string, number literal or punctuation character. */
  value: string;
  /** Offset in the expression, for error messages. */
  position: number;
}

const STRING_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

function tokenize(expression: string, fail: (message: string, position: number) => never): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const char = expression[i] ?? '';
    if (/\s/.test(char)) {
      i++;
    } else if ('().,;'.includes(char)) {
      tokens.push({ kind: 'punctuation', value: char, position: i });
      i++;
    } else if (char === '"' || char === "'") {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        const c = expression[i];
        if (c === undefined) fail(`unterminated string starting`, start);
        if (c === char) break;
        if (c === '\\') {
          const next = expression[i + 1];
          if (next === undefined) fail('unterminated string starting', start);
          if (next === 'u') {
            const hex = expression.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail(`bad unicode escape '\\u${hex}'`, i);
            value += String.fromCharCode(parseInt(hex, 16));
            i += 6;
            continue;
          }
          // Unknown escapes keep their backslash, so regexes written with single backslashes (`"\d+"`)
          // mean the same as Java-escaped ones (`"\\d+"`).
          value += STRING_ESCAPES[next] ?? `\\${next}`;
          i += 2;
          continue;
        }
        value += c;
        i++;
      }
      tokens.push({ kind: 'string', value, position: start });
      i++;
    } else if (/[-+0-9]/.test(char)) {
      const match = /^[-+]?\d+(?:\.\d+)?[lLfFdD]?/.exec(expression.slice(i));
      if (!match) fail(`unexpected character '${char}'`, i);
      tokens.push({ kind: 'number', value: match[0], position: i });
      i += match[0].length;
    } else if (/[A-Za-z_$]/.test(char)) {
      const match = /^[A-Za-z_$][\w$]*/.exec(expression.slice(i));
      const name = match?.[0] ?? char;
      tokens.push({ kind: 'identifier', value: name, position: i });
      i += name.length;
    } else {
      fail(`unexpected character '${char}'`, i);
    }
  }
  tokens.push({ kind: 'end', value: '', position: expression.length });
  return tokens;
}

// ---------------------------------------------------------------------------------------------------------
// Parser

type Argument =
  | { kind: 'string'; value: string; token: Token }
  | { kind: 'number'; value: number; token: Token }
  | { kind: 'boolean'; value: boolean; token: Token }
  | { kind: 'selector'; value: UiSelector; token: Token };

class Parser {
  private readonly tokens: Token[];
  private at = 0;

  constructor(private readonly expression: string) {
    this.tokens = tokenize(expression, (message, position) => this.fail(message, position));
  }

  query(): UiSelector[] {
    const selectors: UiSelector[] = [];
    while (this.peek().kind !== 'end') {
      selectors.push(this.expressionStatement());
      if (this.peekPunctuation(';')) this.next();
      else if (this.peek().kind !== 'end') this.fail(`expected ';' or the end, found ${describe(this.peek())}`);
    }
    if (selectors.length === 0) this.fail('the expression is empty', 0);
    return selectors;
  }

  /** `UiSelector...` or `UiScrollable(...)...`: the selector whose matches the expression returns. */
  private expressionStatement(): UiSelector {
    const start = this.peek();
    const kind = this.constructorName();
    if (kind === 'UiSelector') return this.selectorRest();
    if (kind !== 'UiScrollable') this.fail(`expected UiSelector or UiScrollable, found '${kind}'`, start.position);
    this.expectPunctuation('(');
    const container = this.selectorArgument('UiScrollable');
    this.expectPunctuation(')');
    let target = container;
    let scrolled = false;
    while (this.peekPunctuation('.')) {
      this.next();
      const nameToken = this.expect('identifier', 'a UiScrollable method name');
      const args = this.argumentList();
      const name = nameToken.value;
      if (scrolled) this.fail(`'${name}' cannot follow scrollIntoView`, nameToken.position);
      if (name === 'scrollIntoView') {
        const [arg] = this.arity(name, args, 1, nameToken);
        if (arg?.kind !== 'selector') this.fail(`scrollIntoView expects a UiSelector, found ${argKind(arg)}`, arg?.token.position);
        // Our screens never scroll: the target is either on screen or absent. Like UiAutomator2, the result
        // is the target itself, wherever it is.
        target = arg.value;
        scrolled = true;
      } else if (SCROLL_SETTINGS.has(name)) {
        // Settings like setMaxSearchSwipes(10) take at most one number.
        if (args.length > 1 || args.some((a) => a.kind !== 'number'))
          this.fail(`${name} expects at most one number argument`, nameToken.position);
      } else {
        this.fail(`unsupported UiScrollable method '${name}'`, nameToken.position);
      }
    }
    return target;
  }

  /** `new`? followed by the class name; returns the name. */
  private constructorName(): string {
    if (this.peek().kind === 'identifier' && this.peek().value === 'new') this.next();
    return this.expect('identifier', 'UiSelector').value;
  }

  /** After `UiSelector`: `()` then the method chain. */
  private selectorRest(): UiSelector {
    const open = this.expectPunctuation('(');
    if (!this.peekPunctuation(')')) this.fail('new UiSelector() takes no arguments', open.position);
    this.next();
    const selector: UiSelector = { criteria: new Map() };
    while (this.peekPunctuation('.')) {
      this.next();
      const nameToken = this.expect('identifier', 'a UiSelector method name');
      this.applyMethod(selector, nameToken, this.argumentList());
    }
    return selector;
  }

  private selectorArgument(owner: string): UiSelector {
    const start = this.peek();
    const name = this.constructorName();
    if (name !== 'UiSelector') this.fail(`${owner} expects a UiSelector, found '${name}'`, start.position);
    return this.selectorRest();
  }

  private argumentList(): Argument[] {
    this.expectPunctuation('(');
    const args: Argument[] = [];
    if (this.peekPunctuation(')')) {
      this.next();
      return args;
    }
    for (;;) {
      args.push(this.argument());
      if (this.peekPunctuation(',')) {
        this.next();
        continue;
      }
      this.expectPunctuation(')');
      return args;
    }
  }

  private argument(): Argument {
    const token = this.peek();
    if (token.kind === 'string') {
      this.next();
      return { kind: 'string', value: token.value, token };
    }
    if (token.kind === 'number') {
      this.next();
      return { kind: 'number', value: Number(token.value.replace(/[lLfFdD]$/, '')), token };
    }
    if (token.kind === 'identifier') {
      if (token.value === 'true' || token.value === 'false') {
        this.next();
        return { kind: 'boolean', value: token.value === 'true', token };
      }
      if (token.value === 'new' || token.value === 'UiSelector') {
        return { kind: 'selector', value: this.selectorArgument('the argument'), token };
      }
    }
    return this.fail(`expected an argument, found ${describe(token)}`, token.position);
  }

  private applyMethod(selector: UiSelector, nameToken: Token, args: Argument[]): void {
    const name = nameToken.value;
    const stringMethod = STRING_METHODS[name];
    const regexRead = REGEX_METHODS[name];
    const booleanRead = BOOLEAN_METHODS[name];
    if (stringMethod) {
      const [arg] = this.arity(name, args, 1, nameToken);
      if (arg?.kind !== 'string') this.fail(`${name} expects a string, found ${argKind(arg)}`, arg?.token.position);
      selector.criteria.set(name, stringMethod(arg.value));
    } else if (regexRead) {
      const [arg] = this.arity(name, args, 1, nameToken);
      if (arg?.kind !== 'string') this.fail(`${name} expects a string, found ${argKind(arg)}`, arg?.token.position);
      let regex: RegExp;
      try {
        regex = javaRegex(arg.value);
      } catch (error) {
        this.fail(`invalid regular expression "${arg.value}" in ${name}: ${(error as Error).message}`, arg.token.position);
      }
      selector.criteria.set(name, (node) => regex.test(regexRead(node)));
    } else if (booleanRead) {
      const [arg] = this.arity(name, args, 1, nameToken);
      if (arg?.kind !== 'boolean') this.fail(`${name} expects true or false, found ${argKind(arg)}`, arg?.token.position);
      const wanted = arg.value;
      selector.criteria.set(name, (node) => booleanRead(node) === wanted);
    } else if (name === 'index' || name === 'instance') {
      const [arg] = this.arity(name, args, 1, nameToken);
      if (arg?.kind !== 'number' || !Number.isInteger(arg.value) || arg.value < 0) {
        this.fail(`${name} expects a non-negative integer, found ${argKind(arg)}`, arg?.token.position);
      }
      const wanted = arg.value;
      if (name === 'instance') selector.instance = wanted;
      else selector.criteria.set(name, (node, tree) => tree.position(node) === wanted);
    } else if (name === 'childSelector' || name === 'fromParent') {
      const [arg] = this.arity(name, args, 1, nameToken);
      if (arg?.kind !== 'selector') this.fail(`${name} expects a UiSelector, found ${argKind(arg)}`, arg?.token.position);
      if (selector.relation) this.fail(`only one childSelector or fromParent per UiSelector (nest them instead)`, nameToken.position);
      selector.relation = { kind: name === 'childSelector' ? 'child' : 'parent', selector: arg.value };
    } else {
      this.fail(`unsupported UiSelector method '${name}'`, nameToken.position);
    }
  }

  private arity(name: string, args: Argument[], count: number, token: Token): Argument[] {
    if (args.length !== count) {
      this.fail(`${name} expects ${count} argument${count === 1 ? '' : 's'}, found ${args.length}`, token.position);
    }
    return args;
  }

  private peek(): Token {
    return this.tokens[this.at] ?? this.tokens[this.tokens.length - 1] ?? { kind: 'end', value: '', position: 0 };
  }

  private next(): Token {
    const token = this.peek();
    if (this.at < this.tokens.length - 1) this.at++;
    return token;
  }

  private peekPunctuation(char: string): boolean {
    const token = this.peek();
    return token.kind === 'punctuation' && token.value === char;
  }

  private expectPunctuation(char: string): Token {
    if (!this.peekPunctuation(char)) this.fail(`expected '${char}', found ${describe(this.peek())}`);
    return this.next();
  }

  private expect(kind: TokenKind, what: string): Token {
    if (this.peek().kind !== kind) this.fail(`expected ${what}, found ${describe(this.peek())}`);
    return this.next();
  }

  private fail(message: string, position = this.peek().position): never {
    throw new errors.InvalidSelectorError(
      `Invalid UiSelector expression '${this.expression}': ${message} at position ${position}`,
    );
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the expression';
    case 'string':
      return `the string ${JSON.stringify(token.value)}`;
    case 'number':
      return `the number ${token.value}`;
    default:
      return `'${token.value}'`;
  }
}

function argKind(arg: Argument | undefined): string {
  if (arg === undefined) return 'nothing';
  if (arg.kind === 'selector') return 'a UiSelector';
  return arg.kind === 'string' ? `the string ${JSON.stringify(arg.value)}` : `${arg.kind} ${String(arg.value)}`;
}
