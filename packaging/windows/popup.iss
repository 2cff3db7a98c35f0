; Inno Setup 6 script for Popup's Windows installer. Built by packaging/build.ps1 -Installer:
;   ISCC /DAppVersion=0.1.0 /DAppDir=<dist\popup> /DOutputDir=<dist> packaging\windows\popup.iss
; Installs per user by default (no administrator needed on library laptops; the dialog offers
; all users), adds a Start-menu entry for Popup and one that runs its self-test.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef AppDir
  #define AppDir "..\..\dist\popup"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
AppId={{6B1C9E7A-3F0D-4C55-9A0E-5D2C1B7E8F41}
AppName=Popup
AppVersion={#AppVersion}
AppVerName=Popup {#AppVersion}
AppPublisher=Popup
AppComments=Offline-first circulation for bookmobiles and pop-up libraries
DefaultDirName={autopf}\Popup
DefaultGroupName=Popup
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=popup-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\app\popup.ico
UninstallDisplayIcon={app}\Popup.exe
UninstallDisplayName=Popup {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; The store lives in %LOCALAPPDATA%\Popup\Popup (platformdirs), never under {app}: uninstalling
; or upgrading the program leaves the library's data alone.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#AppDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade must not leave an older version's libraries or migrations behind.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\Popup"; Filename: "{app}\Popup.exe"; WorkingDir: "{app}"; Comment: "Checkout, sign-up and attendance at the stop"
Name: "{group}\Popup self-test"; Filename: "{cmd}"; Parameters: "/k ""{app}\popup-console.exe"" --self-test"; WorkingDir: "{app}"; IconFilename: "{app}\Popup.exe"; Comment: "Check that this installation works"
Name: "{group}\{cm:UninstallProgram,Popup}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Popup"; Filename: "{app}\Popup.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\Popup.exe"; Description: "{cm:LaunchProgram,Popup}"; Flags: nowait postinstall skipifsilent
