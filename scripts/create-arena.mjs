#!/usr/bin/env node
// pnpm create-arena NAME: copies packages/arena-template to packages/arena-NAME, renamed (package name,
// platform, classes), ready to build and test. Then replace what the files mark with "REPLACE:".
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const name = process.argv[2];
if (!name || !/^[a-z][a-z0-9]{1,30}$/.test(name)) {
  console.error("usage: pnpm create-arena NAME   (NAME: lower-case letters and digits, e.g. bluesky)");
  process.exit(2);
}
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const from = join(root, "packages", "arena-template");
const to = join(root, "packages", `arena-${name}`);
if (existsSync(to)) {
  console.error(`packages/arena-${name} exists already`);
  process.exit(2);
}
cpSync(from, to, {
  recursive: true,
  filter: (path) => !/(^|\/)(node_modules|dist)(\/|$)/.test(path.slice(from.length)),
});
const Name = name[0].toUpperCase() + name.slice(1);
const rename = (text) =>
  text
    .replaceAll("@observatory/arena-template", `@observatory/arena-${name}`)
    .replaceAll('name: "arena-template"', `name: "arena-${name}"`)
    .replaceAll("Example", Name)
    .replaceAll("example", name);
const walk = (dir) => {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(ts|json|md)$/.test(entry)) writeFileSync(path, rename(readFileSync(path, "utf8")));
  }
};
walk(to);
const pkg = JSON.parse(readFileSync(join(to, "package.json"), "utf8"));
pkg.description = `The ${Name} arena (from the template): replace what the files mark with "REPLACE:".`;
writeFileSync(join(to, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
if (process.argv.includes("--remove")) rmSync(to, { recursive: true });
console.log(
  `packages/arena-${name} created. Next: pnpm install, then pnpm vitest run --project arena-${name}`,
);
