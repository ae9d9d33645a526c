// quill-delta as a pure oracle for the Java differential tests (see docs/ot.md).
//
// Reads one test case per line on stdin, a JSON object such as
//   {"op":"compose","a":{"ops":[...]},"b":{"ops":[...]}}
// and writes one line per case on stdout, in the same order:
//   {"result": <delta as {"ops":[...]} or a number>}   or   {"error": "<message>"}
// The Java side generates the cases (seeded) and compares; this script decides nothing.
// Input is read whole before anything is written, so a writer that sends every case
// before reading cannot deadlock on a full pipe.
import Delta from 'quill-delta';

const delta = (json) => new Delta(json.ops); // as given: no re-normalisation

const operations = {
  compose: (c) => delta(c.a).compose(delta(c.b)),
  transform: (c) => delta(c.a).transform(delta(c.b), c.priority),
  transformPosition: (c) => delta(c.a).transformPosition(c.index, c.priority),
  invert: (c) => delta(c.a).invert(delta(c.base)),
  diff: (c) => delta(c.a).diff(delta(c.b)),
  slice: (c) => delta(c.a).slice(c.start, c.end),
  concat: (c) => delta(c.a).concat(delta(c.b)),
  length: (c) => delta(c.a).length(),
  changeLength: (c) => delta(c.a).changeLength(),
};

function answer(line) {
  let testCase;
  try {
    testCase = JSON.parse(line);
  } catch (e) {
    return { error: `oracle: bad input line: ${e.message}` };
  }
  const operation = operations[testCase.op];
  if (!operation) {
    return { error: `oracle: unknown op ${JSON.stringify(testCase.op)}` };
  }
  try {
    return { result: operation(testCase) };
  } catch (e) {
    return { error: String(e && e.message ? e.message : e) };
  }
}

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const lines = Buffer.concat(chunks).toString('utf8').split('\n').filter((l) => l.length > 0);
const out = lines.map((line) => JSON.stringify(answer(line))).join('\n');
process.stdout.write(out.length > 0 ? out + '\n' : '');
