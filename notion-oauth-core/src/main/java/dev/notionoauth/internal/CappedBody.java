package dev.notionoauth.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * A response body read whole, but never past a size cap: a declared {@code Content-Length} over the
 * cap is refused before reading, a streamed body as soon as it crosses it.
 */
final class CappedBody {
  private CappedBody() {}

  /** A body handler that refuses a declared or streamed body larger than {@code max} bytes. */
  static HttpResponse.BodyHandler<byte[]> of(int max) {
    return info -> {
      long declared = info.headers().firstValueAsLong("content-length").orElse(-1L);
      return new CappedSubscriber(max, declared > max);
    };
  }

  /** Thrown inside the body subscriber when the body exceeds the cap. */
  static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException() {
      super("response body too large");
    }
  }

  /** Collects the body, failing (and cancelling the stream) past the cap. */
  private static final class CappedSubscriber implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final int max;
    private final boolean declaredTooLarge;

    CappedSubscriber(int max, boolean declaredTooLarge) {
      this.max = max;
      this.declaredTooLarge = declaredTooLarge;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      if (declaredTooLarge) {
        subscription.cancel();
        result.completeExceptionally(new BodyTooLargeException());
        return;
      }
      subscription.request(Long.MAX_VALUE);
      this.subscription = subscription;
    }

    private Flow.@Nullable Subscription subscription;

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer item : items) {
        if (buffer.size() + item.remaining() > max) {
          Flow.Subscription s = subscription;
          if (s != null) {
            s.cancel();
          }
          result.completeExceptionally(new BodyTooLargeException());
          return;
        }
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        buffer.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      result.complete(buffer.toByteArray());
    }
  }
}
