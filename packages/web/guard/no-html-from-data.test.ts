// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the samples below are source code to scan, with ${…} in them on purpose.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * No HTML built from data anywhere in the web app (issue 18, H4): the visit-review map's tooltip once
 * joined person names into HTML, so a name typed by anyone ran script in a district admin's session.
 * Text reaches the page through React (which escapes it) or `textContent`, and map popups take a DOM
 * node (`setDOMContent`), never a string. Biome's `noDangerouslySetInnerHtml` catches the React prop
 * in the editor; this scan, run with the web unit tests in CI, catches the rest, in the syntax tree
 * (so comments and strings that merely mention a sink do not count):
 * - writing HTML into the DOM: `innerHTML`, `outerHTML`, `insertAdjacentHTML`, `setHTML`(Unsafe),
 *   `createContextualFragment`, `document.write`, `dangerouslySetInnerHTML`;
 * - a string handed to a map popup or tooltip (MapLibre `setHTML`, Leaflet `bindTooltip`/`bindPopup`/
 *   `setTooltipContent`/`setPopupContent`, which read strings as HTML);
 * - an HTML string put together from values: a template literal with `${…}` and a tag in its text, or
 *   `+` joining a string with a tag to anything (ECharts tooltip formatters read strings as HTML).
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIRS = ['src', 'public'].map((d) => join(ROOT, d));

const DOM_PROPERTIES = new Set(['innerHTML', 'outerHTML']);
const DOM_CALLS = new Set(['insertAdjacentHTML', 'setHTML', 'setHTMLUnsafe', 'createContextualFragment']);
const STRING_POPUPS = new Set(['bindTooltip', 'bindPopup', 'setTooltipContent', 'setPopupContent']);
const TAG = /<\/?[a-z][a-z0-9-]*(\s|\/?>|$)/i;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.(tsx?|jsx?|mjs)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** A string made in the code (literal, template, or joined with +), as opposed to a DOM node. */
function isStringExpression(node: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(node)) return isStringExpression(node.expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) return true;
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return isStringExpression(node.left) || isStringExpression(node.right);
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'String') return true;
  return false;
}

function templateText(node: ts.TemplateExpression): string {
  return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
}

/** Every place in one file's text where HTML is built from data or written into the page, as `line: what`. */
export function findHtmlSinks(text: string, fileName = 'file.tsx'): string[] {
  const kind = fileName.endsWith('x') ? ts.ScriptKind.TSX : /\.m?js$/.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const found: string[] = [];
  const say = (node: ts.Node, what: string) => found.push(`${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}: ${what}`);
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const name = ts.isPropertyAccessExpression(node) ? node.name.text : ts.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : '';
      if (DOM_PROPERTIES.has(name)) say(node, `${name} (HTML into the DOM)`);
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const name = node.expression.name.text;
      const target = node.expression.expression.getText(file);
      if (DOM_CALLS.has(name)) say(node, `${name}() (HTML into the DOM)`);
      if ((name === 'write' || name === 'writeln') && /(^|\.)document$/.test(target)) say(node, `document.${name}()`);
      const first = node.arguments[0];
      if (STRING_POPUPS.has(name) && first && isStringExpression(first)) say(node, `${name}() with a string (read as HTML)`);
    }
    if (
      (ts.isJsxAttribute(node) || ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) &&
      node.name.getText(file) === 'dangerouslySetInnerHTML'
    )
      say(node, 'dangerouslySetInnerHTML');
    if (ts.isTemplateExpression(node) && TAG.test(templateText(node))) say(node, 'an HTML string built from values (template literal with a tag)');
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.PlusToken &&
      [node.left, node.right].some((s) => (ts.isStringLiteral(s) || ts.isNoSubstitutionTemplateLiteral(s)) && TAG.test(s.text))
    )
      say(node, 'an HTML string built from values (+ with a tag)');
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('no HTML built from data in the web app', () => {
  it('finds no HTML sink in packages/web/src or public', () => {
    const found = DIRS.flatMap(sources).flatMap((path) => findHtmlSinks(readFileSync(path, 'utf8'), path).map((f) => `${relative(ROOT, path)}:${f}`));
    expect(found).toEqual([]);
  });

  it('catches each kind of sink (the scan itself works)', () => {
    const samples: Array<[string, string]> = [
      ['el.innerHTML = name;', 'innerHTML'],
      ["el['outerHTML'] = name;", 'outerHTML'],
      ["el.insertAdjacentHTML('beforeend', name);", 'insertAdjacentHTML'],
      ['document.write(name);', 'document.write'],
      ['window.document.writeln(name);', 'document.writeln'],
      ['range.createContextualFragment(html);', 'createContextualFragment'],
      ['new Popup().setLngLat(e.lngLat).setHTML(String(f.properties.label)).addTo(m);', 'setHTML'],
      ['const x = <div dangerouslySetInnerHTML={{ __html: name }} />;', 'dangerouslySetInnerHTML'],
      ['createElement("div", { dangerouslySetInnerHTML: { __html: name } });', 'dangerouslySetInnerHTML'],
      ['marker.bindTooltip(`${p.name}`);', 'bindTooltip'],
      ["layer.bindPopup('<b>' + name + '</b>');", 'bindPopup'],
      ['const option = { tooltip: { formatter: (p) => `${p.data[2]}<br/>${p.data[3]}` } };', 'template literal with a tag'],
      ["const html = '<img src=' + url + '>';", '+ with a tag'],
    ];
    for (const [code, what] of samples) {
      const hits = findHtmlSinks(code, 'sample.tsx');
      expect(hits.length, code).toBeGreaterThan(0);
      expect(hits.join('\n'), code).toContain(what);
    }
  });

  it('lets text through: textContent, a DOM node for the popup, React text, and comments or strings that only name a sink', () => {
    const safe = [
      'node.textContent = `${f.properties.name}: ${f.properties.text}`;',
      'new Popup({ closeButton: true }).setLngLat(e.lngLat).setDOMContent(node).addTo(m);',
      'const x = <Text>{person.name}</Text>;',
      '// never el.innerHTML = name, and never dangerouslySetInnerHTML',
      "const label = 'innerHTML is not used here';",
      'const sum = `${a} < ${b}`;',
      'marker.bindTooltip(node);',
    ];
    for (const code of safe) expect(findHtmlSinks(code, 'sample.tsx'), code).toEqual([]);
  });
});
