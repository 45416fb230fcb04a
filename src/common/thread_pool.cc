#include "berserkr/common/thread_pool.h"

#include <atomic>
#include <exception>

namespace berserkr {

ThreadPool::ThreadPool(int num_threads) {
  if (num_threads <= 0) num_threads = static_cast<int>(std::thread::hardware_concurrency());
  if (num_threads <= 0) num_threads = 1;
  workers_.reserve(num_threads);
  for (int index = 0; index < num_threads; ++index) {
    workers_.emplace_back([this] { WorkerLoop(); });
  }
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

void ThreadPool::Enqueue(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    tasks_.push(std::move(task));
  }
  wake_.notify_one();
}

void ThreadPool::WorkerLoop() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // stopping and drained
      task = std::move(tasks_.front());
      tasks_.pop();
    }
    task();
  }
}

void ThreadPool::ParallelFor(int64_t count, const std::function<void(int64_t)>& body) {
  if (count <= 0) return;
  if (count == 1) {
    body(0);
    return;
  }
  // Indices are claimed from a shared counter so fast threads take more of them. The caller works
  // too and then waits only for calls in flight, never for queued helpers: a helper that starts
  // late finds nothing to claim. That keeps nested ParallelFor calls from worker threads
  // deadlock-free.
  struct Shared {
    std::atomic<int64_t> next{0};
    std::mutex mutex;
    std::condition_variable idle;
    int64_t in_flight = 0;           // GUARDED_BY(mutex)
    std::exception_ptr first_error;  // GUARDED_BY(mutex)
  };
  auto shared = std::make_shared<Shared>();
  const std::function<void(int64_t)>* body_pointer = &body;
  auto run = [shared, count, body_pointer] {
    for (;;) {
      {
        std::lock_guard<std::mutex> lock(shared->mutex);
        ++shared->in_flight;
      }
      const int64_t index = shared->next.fetch_add(1);
      std::exception_ptr error;
      if (index < count) {
        try {
          (*body_pointer)(index);
        } catch (...) {
          error = std::current_exception();
        }
      }
      std::lock_guard<std::mutex> lock(shared->mutex);
      if (error && !shared->first_error) {
        shared->first_error = error;
        shared->next.store(count);  // stop handing out work
      }
      if (--shared->in_flight == 0) shared->idle.notify_all();
      if (index >= count) return;
    }
  };
  const int64_t helpers = std::min<int64_t>(num_threads(), count - 1);
  for (int64_t helper = 0; helper < helpers; ++helper) Enqueue(run);
  run();
  std::unique_lock<std::mutex> lock(shared->mutex);
  shared->idle.wait(lock, [&] { return shared->in_flight == 0; });
  if (shared->first_error) std::rethrow_exception(shared->first_error);
}

namespace {
std::mutex default_pool_mutex;
int default_thread_count = 0;
std::unique_ptr<ThreadPool> default_pool;
}  // namespace

void SetDefaultThreadCount(int num_threads) {
  std::lock_guard<std::mutex> lock(default_pool_mutex);
  default_thread_count = num_threads;
  default_pool.reset();  // the next DefaultThreadPool() starts one of the new size
}

ThreadPool& DefaultThreadPool() {
  std::lock_guard<std::mutex> lock(default_pool_mutex);
  if (!default_pool) default_pool = std::make_unique<ThreadPool>(default_thread_count);
  return *default_pool;
}

}  // namespace berserkr
