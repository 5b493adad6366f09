; IT installs hundreds of seats with the server preset: Leadline-Setup.exe /S /SERVER=https://leadline.company.ru
; writes leadline.json beside the app, which every user of the machine then starts on
; (electron/server-address.ts). /LOCKED=1 keeps users from changing it.
!include "FileFunc.nsh"
!macro customInstall
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/SERVER=" $R1
  ${IfNot} ${Errors}
    StrCpy $R3 "false"
    ClearErrors
    ${GetOptions} $R0 "/LOCKED=" $R4
    ${IfNot} ${Errors}
      StrCmp $R4 "1" 0 +2
      StrCpy $R3 "true"
    ${EndIf}
    FileOpen $R2 "$INSTDIR\leadline.json" w
    FileWrite $R2 '{"serverUrl":"$R1","locked":$R3}'
    FileClose $R2
  ${EndIf}
!macroend
