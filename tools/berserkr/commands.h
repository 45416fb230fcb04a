#pragma once

// One function per `berserkr` command: parses its own arguments (argv[first..]) and returns the
// exit status. Each throws UsageError for mistakes in the call and berserkr::Error for failures.

namespace berserkr::cli {

int RunInspect(int argc, char** argv, int first);
int RunConvert(int argc, char** argv, int first);
int RunRetail(int argc, char** argv, int first);
int RunGen(int argc, char** argv, int first);
int RunFlyer(int argc, char** argv, int first);
int RunEvents(int argc, char** argv, int first);
int RunPropensity(int argc, char** argv, int first);
int RunSql(int argc, char** argv, int first);
int RunShell(int argc, char** argv, int first);
int RunDaily(int argc, char** argv, int first);
int RunIngest(int argc, char** argv, int first);
int RunVacuum(int argc, char** argv, int first);
int RunHistory(int argc, char** argv, int first);

}  // namespace berserkr::cli
