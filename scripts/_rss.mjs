await import('/tmp/t.ts');
const before = process.memoryUsage().rss;
for (const m of process.argv.slice(2)) await import(m);
setTimeout(() => { console.log(process.argv.slice(2).join(' ').padEnd(50), '+'+Math.round((process.memoryUsage().rss-before)/1e6), 'MB total', Math.round(process.memoryUsage().rss/1e6)); }, 800);
