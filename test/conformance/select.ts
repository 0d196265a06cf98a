// `node dist/test/conformance/select.js GEN_TESTS_IN OUT_JSON`: writes the
// selection (selected tests with their options, excluded ones with their
// reason) and prints the selected names, one per line, for the build.
import * as fs from 'node:fs';
import { parseGenTests, selectTests } from './gen-tests';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  process.stderr.write('usage: select.js GEN_TESTS_IN OUT_JSON\n');
  process.exit(2);
}
const selection = selectTests(parseGenTests(fs.readFileSync(input, 'utf8')));
fs.writeFileSync(output, JSON.stringify(selection, null, 1) + '\n');
process.stdout.write(selection.selected.map((t) => t.name + '\n').join(''));
