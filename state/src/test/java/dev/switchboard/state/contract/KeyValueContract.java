package dev.switchboard.state.contract;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.kv.KeyValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link KeyValue} backend must show (STYLE rule 33): values round trip intact,
 * expire after their time to live and not before a renewal; sets collect distinct members, keep or
 * renew their time to live as documented, and stay consistent under concurrent writers.
 *
 * <p>Expiry uses short TTLs and bounded polling. "Not expired yet" is shown without sleeping: a
 * reference entry written <em>after</em> the entry under test with the same short TTL expires no
 * earlier, so once the reference is gone, an entry whose TTL was not renewed must be gone too.
 * Every test uses its own keys, so a backend may be shared between tests.
 */
public abstract class KeyValueContract {
    /** A short time to live that tests wait out. */
    protected static final Duration SHORT = Duration.ofMillis(300);
    /** A time to live no test waits out. */
    protected static final Duration LONG = Duration.ofMinutes(10);

    /** The store under test. */
    protected KeyValue kv;
    private String prefix;

    /** The backend under test; called before each test. Its lifecycle belongs to the subclass. */
    protected abstract KeyValue newKeyValue();

    @BeforeEach
    void openStore() {
        prefix = "contract:" + UUID.randomUUID() + ":";
        kv = newKeyValue();
    }

    /** A key private to this test. */
    protected String key(String name) {
        return prefix + name;
    }

    private static JsonObject value(String v) {
        return JsonObject.of("v", Json.of(v));
    }

    @Test
    void returnsNullForAnAbsentKey() {
        assertThat(kv.get(key("absent"))).isNull();
    }

    @Test
    void returnsWhatWasPut() {
        kv.put(key("k"), value("one"), LONG);
        assertThat(kv.get(key("k"))).isEqualTo(value("one"));
    }

    @Test
    void putReplacesThePreviousValue() {
        kv.put(key("k"), value("one"), LONG);
        kv.put(key("k"), value("two"), LONG);
        assertThat(kv.get(key("k"))).isEqualTo(value("two"));
    }

    @Test
    void storesValuesIntactIncludingUnicodeAndNesting() {
        JsonObject sent = JsonSamples.awkward();
        kv.put(key("k"), sent, LONG);
        JsonObject got = kv.get(key("k"));
        assertThat(got).isEqualTo(sent);
        assertThat(Wire.toText(got)).isEqualTo(Wire.toText(sent));
    }

    @Test
    void storesAnEmptyObject() {
        kv.put(key("k"), JsonObject.EMPTY, LONG);
        assertThat(kv.get(key("k"))).isEqualTo(JsonObject.EMPTY);
    }

    @Test
    void keepsSimilarKeysApart() {
        List<String> names = List.of("a", "a:", "A", "a b", "a*", "ä", "a:b:c", "😀", "");
        for (String n : names) {
            kv.put(key(n), value(n), LONG);
        }
        for (String n : names) {
            assertThat(kv.get(key(n))).as("key '%s'", n).isEqualTo(value(n));
        }
    }

    @Test
    void deleteRemovesTheValue() {
        kv.put(key("k"), value("one"), LONG);
        kv.delete(key("k"));
        assertThat(kv.get(key("k"))).isNull();
        kv.put(key("k"), value("again"), LONG);
        assertThat(kv.get(key("k"))).isEqualTo(value("again"));
    }

    @Test
    void deletingAnAbsentKeyIsHarmless() {
        assertThatCode(() -> kv.delete(key("absent"))).doesNotThrowAnyException();
    }

    @Test
    void aValueExpiresAfterItsTtl() {
        kv.put(key("k"), value("one"), SHORT);
        assertThat(kv.get(key("k"))).isEqualTo(value("one"));
        Await.until("the value expired", () -> kv.get(key("k")) == null);
    }

    @Test
    void putAgainRenewsTheTtl() {
        kv.put(key("k"), value("one"), SHORT);
        kv.put(key("ref"), value("ref"), SHORT);
        kv.put(key("k"), value("two"), LONG);
        Await.until("the reference expired", () -> kv.get(key("ref")) == null);
        assertThat(kv.get(key("k"))).isEqualTo(value("two"));
    }

    @Test
    void aSubMillisecondTtlIsAcceptedAndExpires() {
        kv.put(key("k"), value("one"), Duration.ofNanos(1));
        Await.until("the value expired", () -> kv.get(key("k")) == null);
    }

    @Test
    void anEnormousTtlKeepsTheValue() {
        kv.put(key("forever"), value("one"), ChronoUnit.FOREVER.getDuration());
        kv.addToSet(key("set"), "m", ChronoUnit.FOREVER.getDuration());
        assertThat(kv.get(key("forever"))).isEqualTo(value("one"));
        assertThat(kv.members(key("set"))).containsExactly("m");
    }

    @Test
    void rejectsANonPositiveTtl() {
        assertThatThrownBy(() -> kv.put(key("k"), value("one"), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> kv.put(key("k"), value("one"), Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> kv.addToSet(key("s"), "m", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThat(kv.get(key("k"))).isNull();
        assertThat(kv.members(key("s"))).isEmpty();
    }

    @Test
    void putIfAbsentStoresOnlyWhenNothingIsThere() {
        assertThat(kv.putIfAbsent(key("k"), value("first"), LONG)).isTrue();
        assertThat(kv.putIfAbsent(key("k"), value("second"), LONG)).isFalse();
        assertThat(kv.get(key("k"))).isEqualTo(value("first"));
    }

    @Test
    void putIfAbsentStoresAgainOnceTheValueExpired() {
        assertThat(kv.putIfAbsent(key("k"), value("first"), SHORT)).isTrue();
        Await.until("the value expired", () -> kv.get(key("k")) == null);
        assertThat(kv.putIfAbsent(key("k"), value("second"), LONG)).isTrue();
        assertThat(kv.get(key("k"))).isEqualTo(value("second"));
    }

    @Test
    void exactlyOneOfConcurrentPutIfAbsentWins() throws Exception {
        assertThat(winners(mine -> kv.putIfAbsent(key("k"), value(mine), LONG))).isEqualTo(1);
    }

    @Test
    void compareAndSetReplacesOnlyTheExpectedValue() {
        JsonObject awkward = JsonSamples.awkward();
        kv.put(key("k"), awkward, LONG);
        assertThat(kv.compareAndSet(key("k"), value("other"), value("new"), LONG)).isFalse();
        assertThat(kv.get(key("k"))).isEqualTo(awkward);
        assertThat(kv.compareAndSet(key("k"), kv.get(key("k")), value("new"), LONG)).isTrue();
        assertThat(kv.get(key("k"))).isEqualTo(value("new"));
        assertThat(kv.compareAndSet(key("absent"), value("new"), value("x"), LONG)).isFalse();
        assertThat(kv.get(key("absent"))).isNull();
    }

    @Test
    void compareAndSetRenewsTheTtl() {
        kv.put(key("k"), value("one"), SHORT);
        kv.put(key("ref"), value("ref"), SHORT);
        assertThat(kv.compareAndSet(key("k"), value("one"), value("one"), LONG)).isTrue();
        Await.until("the reference expired", () -> kv.get(key("ref")) == null);
        assertThat(kv.get(key("k"))).isEqualTo(value("one"));
    }

    @Test
    void compareAndSetDoesNotReviveAnExpiredValue() {
        kv.put(key("k"), value("one"), SHORT);
        Await.until("the value expired", () -> kv.get(key("k")) == null);
        assertThat(kv.compareAndSet(key("k"), value("one"), value("two"), LONG)).isFalse();
        assertThat(kv.get(key("k"))).isNull();
    }

    @Test
    void compareAndDeleteRemovesOnlyTheExpectedValue() {
        kv.put(key("k"), value("one"), LONG);
        assertThat(kv.compareAndDelete(key("k"), value("two"))).isFalse();
        assertThat(kv.get(key("k"))).isEqualTo(value("one"));
        assertThat(kv.compareAndDelete(key("k"), value("one"))).isTrue();
        assertThat(kv.get(key("k"))).isNull();
        assertThat(kv.compareAndDelete(key("k"), value("one"))).isFalse();
    }

    @Test
    void ofConcurrentCompareAndSetsFromOneValueExactlyOneWins() throws Exception {
        kv.put(key("k"), value("start"), LONG);
        assertThat(winners(mine -> kv.compareAndSet(key("k"), value("start"), value(mine), LONG))).isEqualTo(1);
        assertThat(kv.get(key("k")).getString("v")).startsWith("t");
    }

    /** How many of 8 threads, released at once, each trying {@code attempt} with its own value ("t0"...), succeed. */
    private static int winners(java.util.function.Predicate<String> attempt) throws Exception {
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> tries = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                String mine = "t" + t;
                tries.add(pool.submit(() -> {
                    start.await();
                    return attempt.test(mine);
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> f : tries) {
                won += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            return won;
        }
    }

    @Test
    void membersOfAnAbsentSetIsEmpty() {
        assertThat(kv.members(key("absent"))).isEmpty();
    }

    @Test
    void addToSetCollectsDistinctMembers() {
        for (String m : List.of("a", "b", "a", "ünï 😀", "", "with space", "b")) {
            kv.addToSet(key("s"), m, LONG);
        }
        assertThat(kv.members(key("s"))).containsExactlyInAnyOrder("a", "b", "ünï 😀", "", "with space");
    }

    @Test
    void removeFromSetRemovesOnlyThatMember() {
        kv.addToSet(key("s"), "a", LONG);
        kv.addToSet(key("s"), "b", LONG);
        kv.removeFromSet(key("s"), "a");
        assertThat(kv.members(key("s"))).containsExactly("b");
    }

    @Test
    void removingAnAbsentMemberOrFromAnAbsentSetIsHarmless() {
        kv.addToSet(key("s"), "a", LONG);
        assertThatCode(() -> {
            kv.removeFromSet(key("s"), "zzz");
            kv.removeFromSet(key("absent"), "a");
        }).doesNotThrowAnyException();
        assertThat(kv.members(key("s"))).containsExactly("a");
        assertThat(kv.members(key("absent"))).isEmpty();
    }

    @Test
    void removingTheLastMemberEmptiesTheSetAndItCanBeRefilled() {
        kv.addToSet(key("s"), "a", LONG);
        kv.removeFromSet(key("s"), "a");
        assertThat(kv.members(key("s"))).isEmpty();
        kv.addToSet(key("s"), "b", SHORT);
        assertThat(kv.members(key("s"))).containsExactly("b");
        Await.until("the refilled set expired", () -> kv.members(key("s")).isEmpty());
    }

    @Test
    void aSetExpiresAfterItsTtl() {
        kv.addToSet(key("s"), "a", SHORT);
        kv.addToSet(key("s"), "b", SHORT);
        assertThat(kv.members(key("s"))).containsExactlyInAnyOrder("a", "b");
        Await.until("the set expired", () -> kv.members(key("s")).isEmpty());
    }

    @Test
    void addToSetRenewsTheTtlOfTheWholeSet() {
        kv.addToSet(key("s"), "a", SHORT);
        kv.put(key("ref"), value("ref"), SHORT);
        kv.addToSet(key("s"), "b", LONG);
        Await.until("the reference expired", () -> kv.get(key("ref")) == null);
        assertThat(kv.members(key("s"))).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void removeFromSetKeepsTheTtl() {
        kv.addToSet(key("s"), "a", SHORT);
        kv.addToSet(key("s"), "b", SHORT);
        kv.removeFromSet(key("s"), "a");
        assertThat(kv.members(key("s"))).containsExactly("b");
        Await.until("the set expired", () -> kv.members(key("s")).isEmpty());
    }

    @Test
    void membersIsASnapshot() {
        kv.addToSet(key("s"), "a", LONG);
        Set<String> before = kv.members(key("s"));
        kv.addToSet(key("s"), "b", LONG);
        kv.removeFromSet(key("s"), "a");
        assertThat(before).containsExactly("a");
    }

    @Test
    void concurrentAddsToOneSetAreAllKept() throws Exception {
        int threads = 8;
        int each = 100;
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        kv.addToSet(key("s"), thread + "-" + i, LONG);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        Set<String> expected = new HashSet<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < each; i++) {
                expected.add(t + "-" + i);
            }
        }
        assertThat(kv.members(key("s"))).isEqualTo(expected);
    }

    @Test
    void concurrentAddsAndRemovesOfDistinctMembersDoNotLoseEachOther() throws Exception {
        int threads = 8;
        int each = 50;
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        kv.addToSet(key("s"), "keep-" + thread + "-" + i, LONG);
                        kv.addToSet(key("s"), "drop-" + thread + "-" + i, LONG);
                        kv.removeFromSet(key("s"), "drop-" + thread + "-" + i);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        Set<String> members = kv.members(key("s"));
        assertThat(members).hasSize(threads * each).allMatch(m -> m.startsWith("keep-"));
    }
}
