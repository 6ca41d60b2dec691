// Run by the main build (module emoji-examples-it, maven-invoker-plugin) after `mvn verify` of
// this project passed: checks what the examples printed, that docs/library.md quotes them
// exactly, and that emoji-bom pins what the main build uses. Returning normally = pass.

def fail = { String why -> throw new AssertionError("examples: " + why) }
def log = new File(basedir, 'build.log').getText('UTF-8')

// 1. Each example ran and printed what docs/library.md shows.
[
  'rejected NOT_AN_EMOJI: emoji_type \'hello\' is not exactly one emoji',
  'normalize ❤ -> ❤️',
  'normalize 👍🏽 (folding) -> 👍',
  '{"room":"global","window_start":"2025-10-29T22:31:00Z","window_end":"2025-10-29T22:31:02Z","emoji":"❤️","reaction_count":2,"scaled_reactions":1,"final":false}',
  'global|👍 {"room":"global","window_start":"2025-10-29T22:31:02Z","window_end":"2025-10-29T22:31:04Z","emoji":"👍","reaction_count":1,"scaled_reactions":1,"final":false}',
  'dlq emoji_reactions-0@3 {"reason":"NOT_AN_EMOJI"',
  'Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed',
].each { if (!log.contains(it)) fail("build.log lacks: " + it) }
['com.example.emoji.pubsub.PubSubExampleTest', 'com.example.emoji.testkit.KafkaRoundTripTest'].each {
  if (!(log =~ /Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: [^\n]* -- in ${java.util.regex.Pattern.quote(it)}/)) fail("test did not pass: " + it)
}

// 1b. Every third-party artifact came from the calling build's local repository: the examples
//     need nothing the main build does not, so they build without a network.
def downloads = log.readLines().findAll { it.contains('Downloaded from central') }
if (downloads) fail('artifacts were downloaded from Maven Central (pin them as the main build does):\n' + downloads.join('\n'))

// 2. The Spark example exits quietly: no Log4j INFO line, no InterruptedException.
def sparkRun = log.substring(log.indexOf('(run-example) @ emoji-examples-spark'))
sparkRun = sparkRun.substring(0, sparkRun.indexOf('emoji-examples-pubsub'))
if (sparkRun =~ /(?m)^\S+ INFO /) fail('the Spark example printed INFO lines:\n' + sparkRun)
if (log.contains('InterruptedException')) fail('an InterruptedException was printed')

// 3. docs/library.md quotes the examples: a block after "<!-- file: PATH -->" is that whole
//    file; a block after "<!-- part of: PATH -->" is a run of its lines (indentation aside).
def doc = new File(repoRoot, 'docs/library.md').getText('UTF-8')
def quoted = 0
(doc =~ /(?s)<!-- (file|part of): (\S+) -->\s*\n```\w*\n(.*?)```/).each { all, kind, path, block ->
  def file = new File(repoRoot, path)
  if (!file.isFile()) fail("docs/library.md quotes a missing file: " + path)
  def text = file.getText('UTF-8')
  if (kind == 'file') {
    if (block != text) fail("docs/library.md's copy of " + path + " differs from the file")
  } else {
    def want = block.readLines()*.trim().findAll { it }
    def have = text.readLines()*.trim().findAll { it }
    if (java.util.Collections.indexOfSubList(have, want) < 0) fail("docs/library.md's part of " + path + " is not in the file:\n" + block)
  }
  quoted++
}
if (quoted < 8) fail("docs/library.md quotes " + quoted + " example blocks, expected at least 8")

// 4. emoji-bom pins the versions the main build compiles and tests with; the Spark example uses
//    the main build's Java 17 flags and Spark version.
def tag = { String xml, String name -> def m = xml =~ "<${java.util.regex.Pattern.quote(name)}>([^<]*)</${java.util.regex.Pattern.quote(name)}>"; m.find() ? m.group(1) : null }
def bom = new File(repoRoot, 'emoji-bom/pom.xml').getText('UTF-8')
[['jackson.version', jacksonVersion], ['kafka.version', kafkaVersion], ['slf4j.version', slf4jVersion]].each { name, want ->
  def have = tag(bom, name)
  if (have != want) fail("emoji-bom's ${name} is ${have}, the main build's ${want}")
}
def sparkPom = new File(basedir, 'spark/pom.xml').getText('UTF-8')
if (tag(sparkPom, 'spark.java17.flags') != sparkJava17Flags) fail('examples/spark/pom.xml spark.java17.flags differ from the root pom\'s')
if (!(sparkPom =~ "<artifactId>spark-sql_2.12</artifactId>\\s*<version>${java.util.regex.Pattern.quote(sparkVersion)}</version>")) {
  fail('examples/spark/pom.xml does not use Spark ' + sparkVersion)
}

// 5. With emoji-bom imported, the Jackson that Spark's dependencies ask for (jackson-core 2.12.7 of
//    metrics-json, whose pom imports jackson-bom 2.12.7) is managed to 2.15.2 before any of its
//    poms is read: this build's repository, which holds every pom and jar the examples resolved,
//    has Jackson modules of 2.15.2 only. (Other libraries' parent poms import other jackson-bom
//    versions for their own builds; those do not reach the examples.)
def versions = [] as TreeSet
['core', 'module', 'dataformat', 'datatype'].each { group ->
  def dir = new File(localRepo, 'com/fasterxml/jackson/' + group)
  if (dir.isDirectory()) {
    dir.eachFileRecurse { f -> if (f.name.endsWith('.pom') || f.name.endsWith('.jar')) versions << f.parentFile.name }
  }
}
if (versions != [jacksonVersion] as TreeSet) fail("the examples resolved Jackson modules " + versions + ", expected only " + jacksonVersion)
if (new File(localRepo, 'com/fasterxml/jackson/jackson-bom/2.12.7/jackson-bom-2.12.7.pom').exists()) fail('jackson-bom 2.12.7 was read')

println "examples: output, ${quoted} quoted blocks and the BOM's versions checked"
return true
