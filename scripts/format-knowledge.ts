/**
 * Checks a knowledge directory against a deployment file and, when every article is valid,
 * rewrites the files in canonical form (key order, block style: see src/knowledge/article-yaml.ts).
 *
 *     npx tsx scripts/format-knowledge.ts [config/knowledge] [config/county.yaml]
 *
 * Prints every problem and exits 1 when a file is invalid; nothing is written then.
 */
import { loadDeployment } from '../src/config/load-deployment.js';
import { loadKnowledgeDirectory, writeKnowledgeDirectory } from '../src/knowledge/article-files.js';
import { formatArticleProblem } from '../src/knowledge/article-problem.js';
import { knowledgeContextOf } from '../src/knowledge/knowledge-context.js';

const [dir = 'config/knowledge', deploymentFile = 'config/county.yaml'] = process.argv.slice(2);
const context = knowledgeContextOf(loadDeployment(deploymentFile));
const loaded = await loadKnowledgeDirectory(dir, context);
if (!loaded.ok) {
  process.stderr.write(`${dir}: ${loaded.problems.length} Problem(e)\n`);
  for (const p of loaded.problems) process.stderr.write(`  - ${formatArticleProblem(p)}\n`);
  process.exit(1);
}
const changed = await writeKnowledgeDirectory(dir, loaded.articles);
for (const file of changed) process.stdout.write(`formatiert: ${file}\n`);
process.stdout.write(`ok: ${dir}: ${loaded.articles.length} Artikel\n`);
