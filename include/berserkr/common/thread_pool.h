#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <future>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

namespace berserkr {

// A fixed set of worker threads taking tasks from one queue.
// Exceptions thrown by a task reach the caller through the returned future (or ParallelFor).
class ThreadPool {
 public:
  // `num_threads` <= 0 means one per hardware thread.
  explicit ThreadPool(int num_threads = 0);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int num_threads() const { return static_cast<int>(workers_.size()); }

  // Runs `task` on a worker; the future carries its result or exception.
  template <typename Function>
  auto Submit(Function task) -> std::future<decltype(task())> {
    using Result = decltype(task());
    auto packaged = std::make_shared<std::packaged_task<Result()>>(std::move(task));
    std::future<Result> future = packaged->get_future();
    Enqueue([packaged] { (*packaged)(); });
    return future;
  }

  // Calls body(index) for index in [0, count) on the workers and the calling thread, and returns
  // when all are done. The first exception thrown by any call is rethrown here, after the others
  // have finished (no call outlives this function).
  void ParallelFor(int64_t count, const std::function<void(int64_t)>& body);

 private:
  void Enqueue(std::function<void()> task);
  void WorkerLoop();

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::queue<std::function<void()>> tasks_;  // GUARDED_BY(mutex_)
  bool stopping_ = false;                    // GUARDED_BY(mutex_)
};

// The process-wide pool, sized by SetDefaultThreadCount (default: hardware threads).
ThreadPool& DefaultThreadPool();
// Sets the size of the default pool (<= 0: one per hardware thread), replacing a pool already
// started. REQUIRES: no work is running on the default pool and no caller keeps a reference to it.
void SetDefaultThreadCount(int num_threads);

}  // namespace berserkr
