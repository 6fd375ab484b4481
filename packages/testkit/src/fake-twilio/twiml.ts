/** The verbs of a TwiML answer the platform uses, read from the XML. */
export interface ParsedTwiml {
  /** The text of each `<Say>`, in order. */
  say?: string[];
  /** Whether a `<Hangup/>` is there. */
  hangup: boolean;
  /** The `<Connect><Stream>`: its URL and its `<Parameter name value>`s. */
  stream?: { url: string; parameters: Record<string, string> };
  /** The `<Connect action="…">` Twilio calls when the stream ends. */
  connectAction?: string;
}

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, body: string) => {
    if (body.startsWith('#x')) return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(Number.parseInt(body.slice(1), 10));
    const named = entities[body];
    if (named === undefined) throw new Error(`TwiML has an unknown entity ${whole}`);
    return named;
  });
}

function parseAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  const rest = source.replace(
    /([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g,
    (_, name: string, double?: string, single?: string) => {
      attributes[name] = decodeEntities(double ?? single ?? '');
      return '';
    },
  );
  if (rest.trim() !== '') throw new Error(`TwiML has a malformed attribute list: ${source.trim()}`);
  return attributes;
}

/** A small strict XML reader: elements, attributes, text, entities; no DTDs. */
function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const pattern = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<(\/?)([A-Za-z][\w:.-]*)([^<>]*?)(\/?)>|([^<]+)|(<)/g;
  for (const match of xml.matchAll(pattern)) {
    const [token, closing, name, attributeSource, selfClosing, text, stray] = match;
    const current = stack.at(-1) as XmlElement;
    if (stray)
      throw new Error(`TwiML is not well-formed XML near: ${xml.slice(match.index, match.index + 30)}`);
    if (text !== undefined) {
      current.text += decodeEntities(text);
    } else if (name && closing) {
      if (current.name !== name) throw new Error(`TwiML closes <${name}> while <${current.name}> is open`);
      stack.pop();
    } else if (name) {
      const element: XmlElement = {
        name,
        attributes: parseAttributes(attributeSource ?? ''),
        children: [],
        text: '',
      };
      current.children.push(element);
      if (!selfClosing) stack.push(element);
    } else if (!token.startsWith('<?') && !token.startsWith('<!--')) {
      throw new Error('TwiML is not well-formed XML');
    }
  }
  if (stack.length !== 1) throw new Error(`TwiML leaves <${stack.at(-1)?.name}> open`);
  return root;
}

/**
 * Reads the verbs of a TwiML `<Response>` we use (`Say`, `Hangup`, `Connect`/`Stream`/`Parameter`).
 * Throws on XML that is not well-formed or has no `<Response>` root, so a test sees a broken answer.
 */
export function parseTwiml(xml: string): ParsedTwiml {
  const document = parseXml(xml);
  const response = document.children[0];
  if (document.children.length !== 1 || response?.name !== 'Response') {
    throw new Error('TwiML must have exactly one <Response> root element');
  }
  const parsed: ParsedTwiml = { hangup: false };
  for (const verb of response.children) {
    if (verb.name === 'Say') parsed.say = [...(parsed.say ?? []), verb.text.trim()];
    if (verb.name === 'Hangup') parsed.hangup = true;
    if (verb.name === 'Connect') {
      if (verb.attributes.action !== undefined) parsed.connectAction = verb.attributes.action;
      const stream = verb.children.find((child) => child.name === 'Stream');
      if (stream) {
        const parameters: Record<string, string> = {};
        for (const parameter of stream.children) {
          if (parameter.name === 'Parameter' && parameter.attributes.name !== undefined) {
            parameters[parameter.attributes.name] = parameter.attributes.value ?? '';
          }
        }
        parsed.stream = { url: stream.attributes.url ?? '', parameters };
      }
    }
  }
  return parsed;
}
