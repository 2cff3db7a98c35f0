<#
.SYNOPSIS
  Build Popup's packaged Windows app with PyInstaller (packaging/popup.spec), and optionally
  its installer (Inno Setup, packaging/windows/popup.iss).

.DESCRIPTION
  dist\popup\Popup.exe          the app (windowed; the Start-menu entry starts it)
  dist\popup\popup-console.exe  the same app with a console: --self-test and the data tools
  dist\popup-<version>-setup.exe  with -Installer

  Uses .venv\Scripts\python.exe when present, else python on PATH. Needs the Visual C++ 2013
  runtime on the build machine (choco install vcredist2013): the spec bundles it for pyzbar.

.EXAMPLE
  pwsh packaging/build.ps1 -SelfTest -Installer
#>
param(
  [string]$Dist = "",
  [string]$Work = "",
  [switch]$SelfTest,
  [switch]$Installer
)
$ErrorActionPreference = "Stop"
$Root = (Resolve-Path (Join-Path $PSScriptRoot "..")).Path
if (-not $Dist) { $Dist = Join-Path $Root "dist" }
if (-not $Work) { $Work = Join-Path $Root "build\pyinstaller" }
New-Item -ItemType Directory -Force -Path $Dist, $Work | Out-Null
$Dist = (Resolve-Path $Dist).Path
$Work = (Resolve-Path $Work).Path

$Python = Join-Path $Root ".venv\Scripts\python.exe"
if (-not (Test-Path $Python)) { $Python = (Get-Command python).Source }

$started = Get-Date
Write-Host "== pyinstaller -> $Dist"
& $Python -m PyInstaller --noconfirm --log-level WARN --distpath $Dist --workpath $Work `
  (Join-Path $Root "packaging\popup.spec")
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed (exit $LASTEXITCODE)" }
$seconds = [int]((Get-Date) - $started).TotalSeconds
$bundle = Join-Path $Dist "popup"
$bytes = (Get-ChildItem -Recurse -File $bundle | Measure-Object -Sum Length).Sum
Write-Host ("== built in {0} s; bundle size: {1:N0} MB ({2})" -f $seconds, ($bytes / 1MB), $bundle)

if ($SelfTest) {
  Write-Host "== self-test"
  if (-not $env:QT_QPA_PLATFORM) { $env:QT_QPA_PLATFORM = "offscreen" }
  & (Join-Path $bundle "popup-console.exe") --self-test
  if ($LASTEXITCODE -ne 0) { throw "the packaged app's self-test failed (exit $LASTEXITCODE)" }
}

if ($Installer) {
  $version = (Select-String -Path (Join-Path $Root "src\popup\__init__.py") `
    -Pattern '__version__ = "(.*)"').Matches[0].Groups[1].Value
  $iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
  if (-not $iscc) { $iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe" }
  if (-not (Test-Path $iscc)) { throw "Inno Setup 6 (ISCC.exe) not found: choco install innosetup" }
  Write-Host "== installer (Inno Setup)"
  & $iscc "/DAppVersion=$version" "/DAppDir=$bundle" "/DOutputDir=$Dist" `
    (Join-Path $Root "packaging\windows\popup.iss")
  if ($LASTEXITCODE -ne 0) { throw "ISCC failed (exit $LASTEXITCODE)" }
  Write-Host "== $(Join-Path $Dist "popup-$version-setup.exe")"
}
