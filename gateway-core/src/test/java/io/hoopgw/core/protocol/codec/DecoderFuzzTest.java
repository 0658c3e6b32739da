package io.hoopgw.core.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded randomized robustness test: valid frames of every type, mutated (flipped bytes, hostile length values,
 * truncation, insertion, splicing) or replaced by noise, fed in random chunks to each decoder. A decoder may
 * decode or reject; it must never throw anything but {@link ProtocolException}, never leak a buffer, and every
 * message it does produce must encode again. Seeds are fixed so a failure reproduces; the report names the seed
 * and the input.
 */
class DecoderFuzzTest {
    private static final int ROUNDS_PER_SEED = 250;
    private static final int[] HOSTILE_INTS = {-1, -2, 0, 3, 4, 5, 0xffff, 0x7fff, 0x8000, Integer.MAX_VALUE,
            Integer.MIN_VALUE, 10_000, 10_001};

    private static List<byte[]> startupFrames;
    private static List<byte[]> frontendFrames;
    private static List<byte[]> backendFrames;

    @BeforeAll
    static void encodeCorpus() {
        startupFrames = encodeAll(SampleMessages.startup());
        frontendFrames = encodeAll(SampleMessages.frontend());
        frontendFrames.addAll(encodeAll(new ArrayList<>(SampleMessages.authenticationResponses().keySet())));
        backendFrames = encodeAll(SampleMessages.backend());
    }

    private static List<byte[]> encodeAll(List<Object> messages) {
        List<byte[]> frames = new ArrayList<>();
        for (Object message : messages) {
            frames.add(CodecTesting.bytes(message));
            ReferenceCountUtil.release(message);
        }
        return frames;
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 16);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void decodersRejectOnlyWithProtocolExceptionAndNeverLeak(long seed) {
        Random random = new Random(seed);
        Outcomes outcomes = new Outcomes();
        for (int round = 0; round < ROUNDS_PER_SEED; round++) {
            int target = random.nextInt(3);
            List<byte[]> corpus = target == 0 ? startupFrames : target == 1 ? frontendFrames : backendFrames;
            byte[] input = mutate(random, corpus);
            ChannelHandler decoder = switch (target) {
                case 0 -> new FrontendStartupDecoder(FrontendStartupDecoder.DEFAULT_MAX_PACKET_LENGTH, 16);
                case 1 -> frontendDecoder(random);
                default -> new BackendDecoder(4096);
            };
            feed(seed, round, decoder, input, random, outcomes);
        }
        // Guards the test itself: mutations too mild or too wild would exercise only one path.
        assertThat(outcomes.decoded).as("messages decoded").isGreaterThan(ROUNDS_PER_SEED / 10);
        assertThat(outcomes.rejected).as("inputs rejected").isGreaterThan(ROUNDS_PER_SEED / 10);
    }

    private static final class Outcomes {
        int decoded;
        int rejected;
    }

    private static FrontendDecoder frontendDecoder(Random random) {
        FrontendDecoder decoder = new FrontendDecoder(4096);
        AuthenticationExchange[] exchanges = AuthenticationExchange.values();
        decoder.expectAuthentication(exchanges[random.nextInt(exchanges.length)]);
        return decoder;
    }

    private static byte[] mutate(Random random, List<byte[]> corpus) {
        if (random.nextInt(10) == 0) {
            byte[] noise = new byte[random.nextInt(64)];
            random.nextBytes(noise);
            return noise;
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        int frames = 1 + random.nextInt(3);
        for (int i = 0; i < frames; i++) {
            joined.writeBytes(corpus.get(random.nextInt(corpus.size())));
        }
        byte[] bytes = joined.toByteArray();
        int mutations = random.nextInt(4);
        for (int i = 0; i < mutations && bytes.length > 0; i++) {
            bytes = mutateOnce(random, bytes);
        }
        return bytes;
    }

    private static byte[] mutateOnce(Random random, byte[] bytes) {
        int at = random.nextInt(bytes.length);
        switch (random.nextInt(5)) {
            case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> {
                int value = HOSTILE_INTS[random.nextInt(HOSTILE_INTS.length)];
                for (int b = 0; b < 4 && at + b < bytes.length; b++) {
                    bytes[at + b] = (byte) (value >>> (24 - 8 * b));
                }
            }
            case 2 -> bytes = Arrays.copyOf(bytes, at);
            case 3 -> {
                byte[] inserted = new byte[1 + random.nextInt(8)];
                random.nextBytes(inserted);
                byte[] longer = new byte[bytes.length + inserted.length];
                System.arraycopy(bytes, 0, longer, 0, at);
                System.arraycopy(inserted, 0, longer, at, inserted.length);
                System.arraycopy(bytes, at, longer, at + inserted.length, bytes.length - at);
                bytes = longer;
            }
            default -> bytes[at] = (byte) (random.nextBoolean() ? 0 : random.nextInt(256));
        }
        return bytes;
    }

    private static void feed(long seed, int round, ChannelHandler decoder, byte[] input, Random random,
            Outcomes outcomes) {
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        List<ByteBuf> written = new ArrayList<>();
        try {
            int offset = 0;
            while (offset < input.length) {
                int chunk = 1 + random.nextInt(input.length - offset);
                ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(chunk).writeBytes(input, offset, chunk);
                written.add(buffer);
                offset += chunk;
                try {
                    channel.writeInbound(buffer);
                } catch (ProtocolException expected) {
                    outcomes.rejected++;
                    break;
                } catch (Throwable e) {
                    fail("seed " + seed + " round " + round + " on " + ByteBufUtil.hexDump(input), e);
                }
                outcomes.decoded += drain(channel);
            }
        } finally {
            finish(seed, round, channel, input);
        }
        for (ByteBuf buffer : written) {
            assertThat(buffer.refCnt()).as("seed %d round %d input released", seed, round).isZero();
        }
    }

    /** Closing runs {@code decodeLast} over whatever is buffered, which may reject it too. */
    private static void finish(long seed, int round, EmbeddedChannel channel, byte[] input) {
        try {
            channel.finishAndReleaseAll();
        } catch (ProtocolException expected) {
            // rejected at close: as good as rejected on read
        } catch (Throwable e) {
            fail("seed " + seed + " round " + round + " at close on " + ByteBufUtil.hexDump(input), e);
        }
    }

    private static int drain(EmbeddedChannel channel) {
        int count = 0;
        for (Object message; (message = channel.readInbound()) != null; count++) {
            ByteBuf out = Unpooled.buffer();
            try {
                if (message instanceof FrontendMessage frontend) {
                    frontend.encode(out);
                } else {
                    ((BackendMessage) message).encode(out);
                }
            } finally {
                out.release();
                ReferenceCountUtil.release(message);
            }
        }
        return count;
    }
}
